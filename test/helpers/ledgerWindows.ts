/** Replayed windows made by hand: one window per cell of one class, `n` requests of which `slow` miss their TTFT target (100 ms). */
import { WindowLedger } from '../../src/sim/metrics/windowLedger.js';
import type { WindowResult } from '../../src/sim/types.js';

const info = { startIso: '2026-01-01T00:00:00Z', plannedEnergyKWh: 0, plannedStaticEnergyKWh: 0 };

export function ledgerWindows(cells: readonly { n: number; slow: number }[], percentiles: { ttft: number; tbt: number } = { ttft: 99, tbt: 99 }): readonly WindowResult[] {
  const targets = [{ classId: 'c', ttftMs: 100, ttftPercentile: percentiles.ttft, tbtMs: 50, tbtPercentile: percentiles.tbt, ttftSlowdown: undefined, tbtSlowdown: undefined }];
  const ledger = new WindowLedger(targets, cells.map(() => info), 3600, 1);
  cells.forEach(({ n, slow }, w) => {
    for (let i = 0; i < n; i++) {
      ledger.arrive(w, 0);
      ledger.complete(w, 0, i < slow ? 150 : 50, 100, 20, 50, 20, 0, 1000);
    }
    ledger.finishWindow(w, 0, 0);
  });
  return ledger.results();
}
