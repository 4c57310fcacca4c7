/**
 * scenarios/week-billing.yaml end to end (issue 20): planned with each acquisition mode alone and with
 * all three, the mix costs strictly less than any single mode, and the report says why (the committed
 * base, the on-demand burst at the daily peak, and the break-even).
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatPlanSummary } from '../../src/cli/summaryTable.js';
import { planScenario, type Plan } from '../../src/plan/index.js';
import { toPlanReportHtml } from '../../src/report/html/toPlanReportHtml.js';
import { toProcurementCsv } from '../../src/report/toProcurementCsv.js';
import { toPlanCsv } from '../../src/report/toPlanCsv.js';
import { BILLING_TOTALS_KEYS, BILLING_WINDOW_KEYS } from '../../src/report/summaryFields.js';
import { scenarioFromText, type Scenario } from '../../src/scenario/index.js';
import { capacityCache } from '../helpers/capacityCache.js';

const text = readFileSync(new URL('../../scenarios/week-billing.yaml', import.meta.url), 'utf8');
const MODES = ['buy', 'reserve', 'onDemand'] as const;
const scenarioWith = (modes: readonly string[]) => scenarioFromText(text.replace('acquisition: [buy, reserve, onDemand]', `acquisition: [${modes.join(', ')}]`), 'week-billing.yaml');

describe('week-billing.yaml', () => {
  const plans = new Map<string, Plan>();
  let mixedScenario: Scenario;
  beforeAll(async () => {
    mixedScenario = scenarioWith(MODES);
    for (const modes of [MODES, ...MODES.map((m) => [m])]) {
      const { plan } = await planScenario(modes.length === 3 ? mixedScenario : scenarioWith(modes), { capacityCache, baseline: false });
      plans.set(modes.join('+'), plan);
    }
  }, 240_000);

  it('plans with each mode alone and with all three; the mix costs strictly less than any single mode', () => {
    const mixed = plans.get(MODES.join('+')) as Plan;
    for (const mode of MODES) {
      const single = plans.get(mode) as Plan;
      expect(single.solve.termination, mode).toBe('optimal');
      expect(mixed.totals.totalCostUsd, mode).toBeLessThan(single.totals.totalCostUsd);
    }
    expect(mixed.solve.termination).toBe('optimal');
  });

  it('the mix buys a base, rents the daily peak on demand, and keeps the owned servers', () => {
    const mixed = plans.get(MODES.join('+')) as Plan;
    const h100 = mixed.procurement[0];
    const b = h100?.billing;
    expect(h100?.inventoryServers).toBe(2);
    expect(b?.boughtServers).toBeGreaterThan(0);
    expect(b?.onDemandPeakServers).toBeGreaterThan(0);
    // Bought servers at 1.43 USD/GPU-h undercut reserving at 4.76: none reserved.
    expect(b?.reservedServers).toBe(0);
    // On demand only in the busiest hours, never at night.
    const rented = mixed.windows.filter((w) => (w.onDemandServers ?? 0) > 0);
    expect(rented.length).toBeGreaterThan(0);
    expect(rented.length).toBeLessThan(mixed.windows.length / 4);
    expect(mixed.windows.filter((w) => new Date(w.windowStart).getUTCHours() < 6).every((w) => w.onDemandServers === 0)).toBe(true);
    // Totals add up: fleet + on demand + energy; and so do the rows (cost_usd + on_demand_usd).
    expect(mixed.totals.totalCostUsd).toBeCloseTo(mixed.totals.fleetCostUsd + (mixed.totals.onDemandCostUsd ?? 0) + mixed.totals.energyCostUsd, 6);
    const rowsUsd = mixed.rows.reduce((s, r) => s + r.costUsd + (r.onDemandUsd ?? 0), 0);
    const startUsd = 0; // no per-GPU start charge in this scenario
    expect(rowsUsd).toBeCloseTo(mixed.totals.totalCostUsd - startUsd - mixed.windows.reduce((s, w) => s + w.startEnergyKWh, 0) * 0.1, 3);
    expect(mixed.totals.upfrontUsd).toBe((b?.boughtServers ?? 0) * 300_000);
  });

  it('all on demand powers fewer servers at night than at the peak; all reserved powers the same every hour', () => {
    const onDemand = plans.get('onDemand') as Plan;
    const serversOf = (p: Plan) => p.windows.map((w) => (w.committedServers ?? 0) + (w.onDemandServers ?? 0));
    const od = serversOf(onDemand);
    expect(Math.min(...od)).toBeLessThan(Math.max(...od) / 3);
    const reserved = serversOf(plans.get('reserve') as Plan);
    expect(new Set(reserved).size).toBe(1);
  });

  it('the outputs and the report show the split and the reason', async () => {
    const mixed = plans.get(MODES.join('+')) as Plan;
    const csv = toPlanCsv(mixed);
    expect(csv.split('\n')[0]).toMatch(/,on_demand_servers,on_demand_usd$/);
    const odColumn = csv.split('\n')[0]?.split(',').indexOf('on_demand_servers') as number;
    const rentedServerWindows = csv.split('\n').slice(1).filter(Boolean).reduce((s, l) => s + Number(l.split(',')[odColumn]), 0);
    expect(rentedServerWindows).toBe(mixed.procurement[0]?.billing?.onDemandServerHours);
    // Every billing key the docs describe is written (and the others, as for any plan).
    for (const w of mixed.windows) for (const k of BILLING_WINDOW_KEYS) expect(w[k], k).toBeDefined();
    for (const k of BILLING_TOTALS_KEYS) expect(mixed.totals[k], k).toBeDefined();
    expect(toProcurementCsv(mixed).split('\n')[0]).toMatch(/,acquisition,bought_servers,reserved_servers,on_demand_peak_servers,on_demand_server_hours,on_demand_usd$/);
    expect(formatPlanSummary(mixed, mixedScenario, 'out')).toMatch(/Acquisition: H100-80GB: 2 owned, buy \d+, reserve 0, on demand up to \d+ \(/);
    const html = await toPlanReportHtml(mixed, mixedScenario);
    expect(html).toContain('Acquisition and billing');
    expect(html).toContain('Servers per window: committed base and on-demand burst');
    expect(html).toContain('Break-even');
  });
});
