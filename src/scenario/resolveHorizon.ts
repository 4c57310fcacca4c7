import type { ScenarioFile } from './schema.js';
import type { Problems } from './problems.js';
import type { Window } from './types.js';

/** Monday 2024-01-01 00:00 UTC: a default start that makes hour-of-day and weekday shapes line up. */
export const DEFAULT_HORIZON_START = '2024-01-01T00:00:00Z';

export function resolveHorizon(file: ScenarioFile, problems: Problems): { startIso: string; windowHours: number; windows: Window[] } {
  const startIso = file.horizon.start ?? DEFAULT_HORIZON_START;
  const startMs = Date.parse(startIso);
  if (!Number.isFinite(startMs)) {
    problems.add(['horizon', 'start'], `'${startIso}' is not a date-time`, "write it as ISO 8601, e.g. '2024-01-01T00:00:00Z'");
  }
  const windowMinutes = file.horizon.windowMinutes ?? 60;
  const windowMs = windowMinutes * 60_000;
  const base = Number.isFinite(startMs) ? startMs : Date.parse(DEFAULT_HORIZON_START);
  const windows: Window[] = [];
  for (let index = 0; index < file.horizon.windows; index++) {
    const t = new Date(base + index * windowMs);
    windows.push({
      index,
      startIso: t.toISOString(),
      hourOfDay: t.getUTCHours(),
      dayOfWeek: (t.getUTCDay() + 6) % 7,
    });
  }
  return { startIso: new Date(base).toISOString(), windowHours: windowMinutes / 60, windows };
}
