/**
 * The relative load over a week used to stretch a short trace: per UTC hour
 * exp(b·cos(2π(h − 14)/24)), rescaled to mean 1 (peak at 14:00 UTC), times a weekday/weekend
 * factor. It is scenarios/week.yaml's documented shape: b = 0.54 and weekend factor 0.8 give its
 * conversation service (weekly peak 1.7× the mean, as DynamoLLM's week characterisation,
 * arXiv:2408.00741 §III-B); b = 1.28 and 0.6 give its coding service.
 */

export const WEEKLY_SHAPE_DEFAULTS = { b: 0.54, peakHour: 14, weekendFactor: 0.8 } as const;

export interface WeeklyShape {
  /** Relative load per UTC hour 0..23, mean 1, rounded to 3 decimals as written in scenarios. */
  readonly daily: readonly number[];
  /** Factor per day of week, Monday first. */
  readonly weekly: readonly number[];
}

export function weeklyShape(b: number = WEEKLY_SHAPE_DEFAULTS.b, weekendFactor: number = WEEKLY_SHAPE_DEFAULTS.weekendFactor): WeeklyShape {
  const raw = Array.from({ length: 24 }, (_, h) => Math.exp(b * Math.cos((2 * Math.PI * (h - WEEKLY_SHAPE_DEFAULTS.peakHour)) / 24)));
  const mean = raw.reduce((a, v) => a + v, 0) / raw.length;
  return {
    daily: raw.map((v) => Math.round((v / mean) * 1000) / 1000),
    weekly: [1, 1, 1, 1, 1, weekendFactor, weekendFactor],
  };
}

/** Relative load at an hour of day and day of week (Monday = 0). */
export function shapeAt(shape: WeeklyShape, hourOfDay: number, dayOfWeek: number): number {
  return (shape.daily[hourOfDay] ?? 0) * (shape.weekly[dayOfWeek] ?? 1);
}
