/**
 * Read the simulator's windows.csv (an 'all' row per window, then one row per class) into what the
 * report shows. Tolerant on purpose: columns are found by name, extra ones are ignored, a missing
 * latency column reads as NaN (that chart is left out); only a file without the window, start and
 * class columns is refused, with the reason.
 */
import { parseCsv } from './parseCsv.js';
import type { ReplayClassWindow, ReplayWindowTotals, ReplayWindows } from './replayWindows.js';

const REQUIRED = ['window', 'window_start', 'class'] as const;

export type WindowsCsvResult = { readonly ok: true; readonly replay: ReplayWindows } | { readonly ok: false; readonly reason: string };

export function fromWindowsCsv(text: string): WindowsCsvResult {
  const { header, rows } = parseCsv(text);
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length > 0) return { ok: false, reason: `missing column(s) ${missing.join(', ')}` };
  const index = new Map(header.map((name, i) => [name, i]));
  const totals: ReplayWindowTotals[] = [];
  const classes: ReplayClassWindow[] = [];
  for (const row of rows) {
    const text = (name: string) => {
      const i = index.get(name);
      return i === undefined ? '' : (row[i] ?? '');
    };
    // Empty cells (and absent columns) are NaN, not 0: a 0 ms latency would be a claim.
    const num = (name: string) => {
      const s = text(name);
      return s === '' ? Number.NaN : Number(s);
    };
    const window = num('window');
    if (!Number.isInteger(window)) return { ok: false, reason: `a row has window '${text('window')}'` };
    const windowStart = text('window_start');
    const classId = text('class');
    // A service scope's pooled row ('service:NAME') is judged in replay.json's verdict; the charts show classes.
    if (classId.startsWith('service:')) continue;
    if (classId === 'all') {
      totals.push({
        window,
        windowStart,
        requests: num('requests'),
        sloAttainment: num('slo_attainment'),
        energyKWh: num('energy_kwh'),
        plannedEnergyKWh: num('planned_energy_kwh'),
        meanKW: num('mean_kw'),
        peakKW: num('peak_kw'),
        cappedS: num('capped_s'),
      });
    } else {
      classes.push({
        window,
        windowStart,
        classId,
        requests: num('requests'),
        completed: num('completed'),
        sloAttainment: num('slo_attainment'),
        meetsSlo: text('meets_slo'),
        ttftTargetMs: num('ttft_target_ms'),
        ttftPercentile: num('ttft_percentile'),
        tbtPercentile: num('tbt_percentile'),
        ttftP50Ms: num('ttft_p50_ms'),
        ttftP99Ms: num('ttft_p99_ms'),
        tbtTargetMs: num('tbt_target_ms'),
        tbtP50Ms: num('tbt_p50_ms'),
        tbtP99Ms: num('tbt_p99_ms'),
        ttftOverTargetAtSlo: num('ttft_over_target_at_slo'),
        tbtOverTargetAtSlo: num('tbt_over_target_at_slo'),
      });
    }
  }
  if (totals.length === 0) return { ok: false, reason: "no 'all' rows (one per window)" };
  return { ok: true, replay: { totals, classes } };
}
