/** Minimal RFC 4180 CSV: quote a field only when it holds a comma, quote or newline. */
export function csvField(v: number | string): string {
  const s = typeof v === 'number' ? formatNumber(v) : v;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return '';
  return Object.is(v, -0) ? '0' : String(v);
}

export function toCsv(header: readonly string[], rows: readonly (readonly (number | string)[])[]): string {
  const lines = [header.map(csvField).join(',')];
  for (const row of rows) lines.push(row.map(csvField).join(','));
  return `${lines.join('\n')}\n`;
}
