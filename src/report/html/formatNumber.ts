/** Numbers as people read them in the report: thousands separators, fixed digits, en dash for none. */
export function fmt(v: number | undefined, digits = 0): string {
  if (v === undefined || !Number.isFinite(v)) return '–';
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A share as a percentage: 0.0123 → '1.23 %'. */
export function pct(share: number | undefined, digits = 1): string {
  return share === undefined || !Number.isFinite(share) ? '–' : `${fmt(share * 100, digits)} %`;
}

/** A relative change with its sign: −0.111 → '−11.1 %'. */
export function signedPct(change: number | undefined, digits = 1): string {
  if (change === undefined || !Number.isFinite(change)) return '–';
  return `${change >= 0 ? '+' : '−'}${fmt(Math.abs(change) * 100, digits)} %`;
}
