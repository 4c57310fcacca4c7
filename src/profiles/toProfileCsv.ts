/** Profile table → CSV text with exactly the contract's columns, numbers in shortest round-trip form. */
import { PROFILE_COLUMN_NAMES } from './profileColumns.js';
import type { ProfileTable } from './profileTable.js';

export function toProfileCsv(t: ProfileTable): string {
  const lines = [PROFILE_COLUMN_NAMES.join(',')];
  for (let i = 0; i < t.length; i++) {
    lines.push([
      t.model[i], t.gpu[i], t.tp[i], num(t.freqMHz[i]), t.phase[i], t.batchSize[i], num(t.tokens[i]),
      num(t.latencyMs[i]), num(t.powerW[i]), quote(t.source[i] ?? ''),
    ].join(','));
  }
  return `${lines.join('\n')}\n`;
}

function num(v: number | undefined): string {
  return v === undefined || !Number.isFinite(v) ? '' : String(v);
}

function quote(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
