/**
 * Timestamps parsed straight from bytes: `YYYY-MM-DD HH:MM:SS[.fraction][Z|±HH:MM|±HHMM]` (a `T`
 * may replace the space; no zone means UTC). Date.parse per row would cost more than the rest of a
 * row's parsing and drops digits past milliseconds; traces carry 100-ns (2023) or µs (2024) digits.
 * The date part changes once a day in a trace, so its epoch seconds are cached by its digits.
 */

/** 10^k for fraction digit counts 0..9. */
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

export class TimestampParser {
  /** Whole seconds since the Unix epoch of the last parsed timestamp (an exact integer). */
  wholeS = 0;
  /** Its fraction of a second, in [0, 1). */
  fracS = 0;
  /** Why the last parse failed. */
  error = '';
  private cachedDayKey = -1;
  private cachedDayS = 0;

  /**
   * Parse the timestamp starting at `p` (no further than `end`); returns the position just after
   * it, or -1 with `error` set. The caller checks that a delimiter follows.
   */
  parse(buf: Uint8Array, p: number, end: number): number {
    // Fixed-position part: 19 bytes `YYYY-MM-DD HH:MM:SS`. Out-of-range reads give undefined → NaN → rejected.
    if (p + 19 > end) return this.fail('too short for YYYY-MM-DD HH:MM:SS');
    const y = digits4(buf, p);
    const mo = digits2(buf, p + 5);
    const d = digits2(buf, p + 8);
    const h = digits2(buf, p + 11);
    const mi = digits2(buf, p + 14);
    const s = digits2(buf, p + 17);
    const sep = buf[p + 10];
    if (
      !(y >= 0 && mo >= 0 && d >= 0 && h >= 0 && mi >= 0 && s >= 0) ||
      buf[p + 4] !== 45 || buf[p + 7] !== 45 || (sep !== 32 && sep !== 84) || buf[p + 13] !== 58 || buf[p + 16] !== 58
    ) {
      return this.fail('expected YYYY-MM-DD HH:MM:SS');
    }
    if (h > 23 || mi > 59 || s > 59) return this.fail('hour, minute or second out of range');
    const dayKey = y * 10000 + mo * 100 + d;
    if (dayKey !== this.cachedDayKey) {
      const ms = Date.UTC(y, mo - 1, d);
      // Date.UTC rolls 2023-02-30 over to March: a round trip catches impossible dates.
      const check = new Date(ms);
      if (mo < 1 || mo > 12 || check.getUTCDate() !== d || check.getUTCMonth() !== mo - 1) return this.fail('no such date');
      this.cachedDayKey = dayKey;
      this.cachedDayS = ms / 1000;
    }
    let q = p + 19;
    let frac = 0;
    if (q < end && buf[q] === 46) {
      q++;
      let value = 0;
      let count = 0;
      for (; q < end; q++) {
        const digit = (buf[q] as number) - 48;
        if (digit < 0 || digit > 9) break;
        // Digits past nanoseconds carry no meaning for arrivals; they are read but not added.
        if (count < 9) {
          value = value * 10 + digit;
          count++;
        }
      }
      if (count === 0) return this.fail('a decimal point without digits');
      frac = value / (POW10[count] as number);
    }
    let offsetS = 0;
    if (q < end) {
      const z = buf[q];
      if (z === 90) q++; // 'Z'
      else if (z === 43 || z === 45) {
        // ±HH:MM or ±HHMM
        const oh = digits2(buf, q + 1);
        const colon = buf[q + 3] === 58 ? 1 : 0;
        const om = digits2(buf, q + 3 + colon);
        if (!(oh >= 0 && om >= 0) || q + 5 + colon > end || oh > 23 || om > 59) return this.fail('bad time-zone offset (expected ±HH:MM)');
        offsetS = (z === 43 ? 1 : -1) * (oh * 3600 + om * 60);
        q += 5 + colon;
      }
    }
    this.wholeS = this.cachedDayS + h * 3600 + mi * 60 + s - offsetS;
    this.fracS = frac;
    return q;
  }

  private fail(why: string): number {
    this.error = why;
    return -1;
  }
}

/** Two ASCII digits at p as a number, or -1. */
function digits2(buf: Uint8Array, p: number): number {
  const a = (buf[p] as number) - 48;
  const b = (buf[p + 1] as number) - 48;
  // NaN (read past the end) fails both comparisons' negation below.
  if (!(a >= 0 && a <= 9 && b >= 0 && b <= 9)) return -1;
  return a * 10 + b;
}

function digits4(buf: Uint8Array, p: number): number {
  const hi = digits2(buf, p);
  const lo = digits2(buf, p + 2);
  return hi < 0 || lo < 0 ? -1 : hi * 100 + lo;
}
