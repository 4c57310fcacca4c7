import type { Cited } from './types.js';

/** Prefix that marks a number as our own estimate rather than a published figure. */
export const ESTIMATE_PREFIX = 'estimate:';

export function cite<T>(value: T, source: string): Cited<T> {
  return { value, source };
}

/** An estimate must say why, so the reason is a required argument. */
export function estimate<T>(value: T, reason: string): Cited<T> {
  return { value, source: `${ESTIMATE_PREFIX} ${reason}` };
}

export function isEstimate(c: Cited<unknown>): boolean {
  return c.source.startsWith(ESTIMATE_PREFIX);
}

export interface CitedEntry {
  /** Dotted path inside the spec, e.g. 'server.idleW' or 'clockMHz.max'. */
  readonly path: string;
  readonly cited: Cited<unknown>;
}

function isCited(x: unknown): x is Cited<unknown> {
  if (typeof x !== 'object' || x === null) return false;
  const keys = Object.keys(x);
  return keys.length === 2 && keys.includes('value') && keys.includes('source');
}

/** Every cited field of a spec, depth-first in declaration order (for reports, README tables and tests). */
export function listCited(spec: object, prefix = ''): CitedEntry[] {
  const out: CitedEntry[] = [];
  for (const [key, val] of Object.entries(spec)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isCited(val)) out.push({ path, cited: val });
    else if (typeof val === 'object' && val !== null && !Array.isArray(val)) out.push(...listCited(val, path));
  }
  return out;
}

/** Catalog data is shared by every module; freezing turns an accidental mutation into an error. */
export function deepFreeze<T>(x: T): T {
  if (typeof x === 'object' && x !== null && !Object.isFrozen(x)) {
    Object.freeze(x);
    for (const v of Object.values(x)) deepFreeze(v);
  }
  return x;
}
