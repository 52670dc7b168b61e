import { describe, expect, it } from 'vitest';
import { addressKey, GuessThrottle } from '../../../main/host/rate-limit';

describe('addressKey: who a limit counts', () => {
  it('counts IPv4 by address, IPv4-mapped IPv6 as IPv4, and IPv6 by its /64', () => {
    expect(addressKey('192.168.1.20')).toBe('192.168.1.20');
    expect(addressKey('::ffff:192.168.1.20')).toBe('192.168.1.20');
    expect(addressKey('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2::1')).toBe(addressKey('2001:0db8:0001:0002:ffff::9'));
    expect(addressKey('2001:db8:1:3::1')).not.toBe(addressKey('2001:db8:1:2::1'));
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
  });
});

describe('GuessThrottle: a delay per wrong code, not a lockout', () => {
  const limits = { handshakeBurst: 3, handshakePerSecond: 1, handshakeQueue: 2 };

  it('checks the burst at once, then one code per interval, holding at most the queue', () => {
    const throttle = new GuessThrottle(limits);
    for (let i = 0; i < 3; i++) {
      expect(throttle.reserve('a', 0)).toEqual({ waitMs: 0 });
      throttle.fail('a', 0);
    }
    expect(throttle.reserve('a', 0)).toEqual({ waitMs: 1_000 });
    expect(throttle.reserve('a', 0)).toEqual({ waitMs: 2_000 });
    expect(throttle.reserve('a', 0)).toEqual({ retryAfterMs: 3_000 });
    // Another address is not held up.
    expect(throttle.reserve('b', 0)).toEqual({ waitMs: 0 });
  });

  it('forgets an address once it has waited out its wrong codes', () => {
    const throttle = new GuessThrottle(limits);
    for (let i = 0; i < 5; i++) throttle.fail('a', 0);
    expect(throttle.reserve('a', 0)).toEqual({ waitMs: 3_000 });
    throttle.release('a', 3_000);
    expect(throttle.reserve('a', 10_000)).toEqual({ waitMs: 0 });
  });
});
