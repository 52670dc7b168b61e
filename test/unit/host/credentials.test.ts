import { describe, expect, it } from 'vitest';
import { identify, makeCredentials, type Credentials } from '../../../main/host/credentials';
import { PROTOTYPE_MEMBER_NAMES } from '../../../shared/auction/records';

/** Team ids are user strings; a team named like an Object.prototype member is an ordinary team. */
const NAMES = PROTOTYPE_MEMBER_NAMES.filter((name) => name !== '__proto__');

describe('join codes for teams named like Object.prototype members', () => {
  it('every such team gets its own code, and a wrong code is refused without a throw', () => {
    const credentials = makeCredentials(NAMES);
    for (const id of NAMES) {
      expect(Object.hasOwn(credentials.teams, id), id).toBe(true);
      expect(typeof credentials.teams[id], id).toBe('string');
    }
    expect(new Set(Object.values(credentials.teams)).size).toBe(NAMES.length);
    expect(identify(credentials, 'WRONG-CODE')).toBeNull();
    for (const id of NAMES)
      expect(identify(credentials, credentials.teams[id] as string)).toEqual({ role: 'team', teamId: id });
  });

  it('setup adding such a team to saved codes gives it a code, not a prototype member', () => {
    const before = makeCredentials(['T1']);
    const after = makeCredentials(['T1', 'constructor', 'toString', 'valueOf', 'hasOwnProperty'], before);
    expect(after.teams['T1']).toBe(before.teams['T1']);
    for (const id of ['constructor', 'toString', 'valueOf', 'hasOwnProperty']) {
      expect(typeof after.teams[id], id).toBe('string');
    }
    expect(() => identify(after, 'nope')).not.toThrow();
  });

  it('codes read back from the saved file (a resume) stay the same, and a damaged entry gets a new code', () => {
    const saved = makeCredentials(NAMES);
    const read = JSON.parse(JSON.stringify(saved)) as Credentials;
    expect(makeCredentials(NAMES, read)).toEqual(saved);
    const damaged = JSON.parse(JSON.stringify({ ...saved, teams: { ...saved.teams, toString: 42 } })) as Credentials;
    const repaired = makeCredentials(NAMES, damaged);
    expect(typeof repaired.teams['toString']).toBe('string');
    expect(identify(repaired, 'still-wrong')).toBeNull();
  });
});
