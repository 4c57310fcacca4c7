const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** 'Tue 19:00 (window 43)' — how people name a window in messages. */
export function windowLabel(startIso: string, index: number): string {
  const t = new Date(startIso);
  const day = DAYS[(t.getUTCDay() + 6) % 7];
  const hh = String(t.getUTCHours()).padStart(2, '0');
  const mm = String(t.getUTCMinutes()).padStart(2, '0');
  return `${day} ${hh}:${mm} (window ${index})`;
}
