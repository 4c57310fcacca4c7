import { plural } from '../core/plural.js';
import type { SeriesInput } from './schema.js';
import type { Problems } from './problems.js';
import type { FieldPath } from './yamlSource.js';
import type { Window } from './types.js';

/** A per-window value from a scalar, an explicit list, or an hour-of-day profile × weekday factors. */
export function resolveSeries(
  input: SeriesInput | undefined,
  fallback: number,
  windows: readonly Window[],
  path: FieldPath,
  problems: Problems,
): Float64Array {
  const out = new Float64Array(windows.length);
  if (input === undefined) return out.fill(fallback);
  if (typeof input === 'number') return out.fill(input);
  if (Array.isArray(input)) {
    if (input.length !== windows.length) {
      problems.add(path, `has ${plural(input.length, 'value')} but the horizon has ${plural(windows.length, 'window')}`, `give exactly ${plural(windows.length, 'value')}, or one number, or {daily: [...]}`);
      return out.fill(input[0] ?? fallback);
    }
    out.set(input);
    return out;
  }
  const weekly = input.weekly ?? [1, 1, 1, 1, 1, 1, 1];
  for (const w of windows) out[w.index] = (input.daily[w.hourOfDay] ?? 0) * (weekly[w.dayOfWeek] ?? 1);
  return out;
}
