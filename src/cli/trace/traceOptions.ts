/** Flag values of the `trace` commands, parsed into units once; a bad value is an InputError naming the flag. */
import { InputError } from '../../core/errors.js';

const UNIT_S: Record<string, number> = { s: 1, sec: 1, m: 60, min: 60, h: 3600, d: 86_400, w: 604_800 };

/** '90s', '15m', '1h', '1d', '1w' (or plain seconds) → seconds. */
export function parseDurationS(value: string, flag: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|d|w)?\s*$/i.exec(value);
  const seconds = m ? Number(m[1]) * (UNIT_S[(m[2] ?? 's').toLowerCase()] ?? Number.NaN) : Number.NaN;
  if (!(seconds > 0)) {
    throw new InputError({ field: flag, message: `'${value}' is not a duration`, fix: `write a positive number with a unit, e.g. ${flag} 1h (units s, m, h, d, w)` });
  }
  return seconds;
}

/** '1024,4096' → [1024, 4096]: positive, strictly ascending whole numbers ('' → one bin). */
export function parseThresholds(value: string, flag: string): number[] {
  const parts = value.trim() === '' ? [] : value.split(',').map((s) => s.trim());
  const numbers = parts.map(Number);
  const ok = numbers.every((v) => Number.isInteger(v) && v > 0) && numbers.every((v, i) => i === 0 || v > (numbers[i - 1] as number));
  if (!ok) throw new InputError({ field: flag, message: `'${value}' is not a list of ascending token counts`, fix: `write bin edges as whole numbers separated by commas, e.g. ${flag} 1024,4096` });
  return numbers;
}

/** '0-23', '5', '0-5,48-53' → window indices (inclusive ranges). */
export function parseWindowList(value: string, windowCount: number, flag = '--windows'): number[] {
  const out: number[] = [];
  for (const part of value.split(',')) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    const a = m ? Number(m[1]) : Number.NaN;
    const b = m ? Number(m[2] ?? m[1]) : Number.NaN;
    if (!(a <= b) || b >= windowCount) {
      throw new InputError({ field: flag, message: `'${part.trim()}' is not a range of windows of this scenario`, fix: `give window indices a-b within 0-${windowCount - 1}, e.g. ${flag} 0-23` });
    }
    for (let w = a; w <= b; w++) out.push(w);
  }
  return [...new Set(out)].sort((x, y) => x - y);
}

export function parseNumberOption(value: string | undefined, flag: string, check: (v: number) => boolean, expected: string): number | undefined {
  if (value === undefined) return undefined;
  const v = Number(value);
  if (value.trim() === '' || !check(v)) throw new InputError({ field: flag, message: `'${value}' is not ${expected}`, fix: `give ${flag} ${expected}` });
  return v;
}

export function parseIsoOption(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  if (!Number.isFinite(Date.parse(value))) throw new InputError({ field: flag, message: `'${value}' is not a date-time`, fix: `write it as ISO 8601 UTC, e.g. ${flag} 2024-05-13T00:00:00Z` });
  return value;
}

/** A name usable as a scenario or service name: letters, digits, _ . - */
export function safeName(text: string, fallback: string): string {
  const clean = text.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^[_.]+|[_.]+$/g, '');
  return clean === '' ? fallback : clean;
}

/** 3600 → '1 h', 90 → '1.5 min'. */
export function formatDuration(seconds: number): string {
  for (const [unit, s] of [['d', 86_400], ['h', 3600], ['min', 60]] as const) {
    if (seconds >= s) return `${Number((seconds / s).toFixed(2))} ${unit}`;
  }
  return `${Number(seconds.toFixed(3))} s`;
}
