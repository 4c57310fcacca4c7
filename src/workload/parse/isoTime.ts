/**
 * Exact absolute times as (whole epoch seconds, fraction): a float64 of epoch seconds keeps only
 * ~0.2 µs, and window alignment must not drift with it.
 */
import { TimestampParser } from './timestamp.js';

export interface EpochTime {
  /** Whole seconds since 1970-01-01T00:00:00Z (an exact integer). */
  readonly wholeS: number;
  /** Fraction of a second, [0, 1). */
  readonly fracS: number;
}

/** ISO 8601 UTC with as many fraction digits as needed (3 to 9). */
export function formatIso(t: EpochTime): string {
  const base = new Date(t.wholeS * 1000).toISOString().slice(0, 19);
  let ns = Math.round(t.fracS * 1e9);
  let whole = base;
  if (ns >= 1e9) {
    ns -= 1e9;
    whole = new Date((t.wholeS + 1) * 1000).toISOString().slice(0, 19);
  }
  let digits = String(ns).padStart(9, '0');
  while (digits.length > 3 && digits.endsWith('0')) digits = digits.slice(0, -1);
  return `${whole}.${digits}Z`;
}

/** Parse an ISO 8601 date-time exactly; undefined when it is not one. */
export function parseIso(iso: string): EpochTime | undefined {
  const bytes = new TextEncoder().encode(iso);
  const parser = new TimestampParser();
  const end = parser.parse(bytes, 0, bytes.length);
  if (end !== bytes.length) return undefined;
  return { wholeS: parser.wholeS, fracS: parser.fracS };
}

/** An epoch time plus seconds, still exact in the whole part. */
export function addSeconds(t: EpochTime, seconds: number): EpochTime {
  const total = t.fracS + seconds;
  const whole = Math.floor(total);
  return { wholeS: t.wholeS + whole, fracS: total - whole };
}
