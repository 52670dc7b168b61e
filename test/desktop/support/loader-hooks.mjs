// Module resolution hooks for the desktop tests' app process (registered by
// app-process.ts with module.register): `electron` and `bonjour-service`
// resolve to the stand-ins, and bare imports from the snapshot of out/
// (copied outside the repository) resolve from the repository, as they would
// from out/ itself.

let standIns = {};
let snapshotUrl = '';
let repoUrl = '';

export function initialize(data) {
  standIns = data.standIns;
  snapshotUrl = data.snapshotUrl;
  repoUrl = data.repoUrl;
}

const isBare = (specifier) => !/^(\.{0,2}\/|[a-z][a-z0-9+.-]*:)/i.test(specifier);

export async function resolve(specifier, context, nextResolve) {
  const standIn = standIns[specifier];
  if (standIn) return { url: standIn, shortCircuit: true };
  if (isBare(specifier) && context.parentURL?.startsWith(snapshotUrl)) {
    return nextResolve(specifier, { ...context, parentURL: repoUrl });
  }
  return nextResolve(specifier, context);
}
