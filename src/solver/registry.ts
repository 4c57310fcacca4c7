/**
 * The one place that knows which backends exist. Adding a solver = one file + one line here.
 */
import type { Backend, BackendCapabilities, BackendName } from './backend.js';
import { glpkBackend } from './glpk.js';
import { highsBackend } from './highs.js';
import { jslBackend } from './jsLpSolver.js';

const BACKENDS: Readonly<Record<BackendName, Backend>> = Object.freeze({
  highs: highsBackend,
  glpk: glpkBackend,
  jsl: jslBackend,
});

export const backendNames: readonly BackendName[] = Object.freeze(['highs', 'glpk', 'jsl'] as const);

export function isBackendName(name: string): name is BackendName {
  return Object.prototype.hasOwnProperty.call(BACKENDS, name);
}

export function getBackend(name: BackendName): Backend {
  if (!isBackendName(name)) throw new RangeError(`unknown solver backend '${String(name)}' (known: ${backendNames.join(', ')})`);
  return BACKENDS[name];
}

export function backendCapabilities(name: BackendName): BackendCapabilities {
  return getBackend(name).capabilities;
}
