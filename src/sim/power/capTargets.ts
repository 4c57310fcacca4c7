/**
 * Which instances a capping level slows, as a decision: token (decode) instances first, then mixed,
 * then prompt (prefill) instances — POLCA caps low-priority work first and Splitwise finds the token
 * phase barely slowed by a cap — by id within a role, up to `maxCappedShare` of the live instances.
 */
import { ROLE, type RoleCode } from '../entities/instance.js';

export interface CapCandidate {
  readonly id: number;
  readonly role: RoleCode;
}

const ORDER: Readonly<Record<RoleCode, number>> = { [ROLE.decode]: 0, [ROLE.mixed]: 1, [ROLE.prefill]: 2 };

export function capTargets(candidates: readonly CapCandidate[], maxCappedShare: number): Set<number> {
  const count = Math.floor(maxCappedShare * candidates.length + 1e-9);
  const ordered = [...candidates].sort((a, b) => ORDER[a.role] - ORDER[b.role] || a.id - b.id);
  return new Set(ordered.slice(0, count).map((c) => c.id));
}

/** The clock a cap of `clockFraction` allows on a GPU: the highest listed clock not above it, else the cap itself. */
export function capClockMHz(maxClockMHz: number, clockFraction: number, listedClocksMHz: readonly number[]): number {
  const cap = clockFraction * maxClockMHz;
  let best = -Infinity;
  for (const c of listedClocksMHz) if (c <= cap + 1e-9 && c > best) best = c;
  return Number.isFinite(best) ? best : Math.round(cap);
}
