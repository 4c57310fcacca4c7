/**
 * The upfront outlay for bought servers (issue #26): with prices.capex the plan carries the purchase
 * price of the new servers (owned inventory costs nothing upfront), the CLI summary and the report's
 * headline box say it, and a rented fleet says 0 rather than nothing.
 */
import { describe, expect, it } from 'vitest';
import { formatPlanSummary } from '../../src/cli/summaryTable.js';
import { planScenario, type Plan } from '../../src/plan/index.js';
import { headlineSection } from '../../src/report/html/headlineSection.js';
import type { KeyFigure } from '../../src/report/html/toReportHtml.js';
import { capacityCache } from '../helpers/capacityCache.js';
import { tinyScenario, type TinyOptions } from '../helpers/tinyScenario.js';

const USD_PER_SERVER = 310_000;
const BASE: TinyOptions = { windows: 2, rps: [9, 4], clocks: { 'H100-80GB': [1980] } };

function upfrontFigure(plan: Plan, scenario: ReturnType<typeof tinyScenario>): KeyFigure {
  const block = headlineSection(plan, scenario, undefined).blocks[0];
  const figure = block?.kind === 'figures' ? block.items.find((f) => f.label === 'upfront outlay') : undefined;
  expect(figure, 'the headline box has an upfront outlay figure').toBeDefined();
  return figure as KeyFigure;
}

describe('upfront outlay for bought servers', () => {
  it('is the purchase price of the new servers, not of the owned ones', async () => {
    const scenario = tinyScenario({ ...BASE, inventory: { 'H100-80GB': 1 }, capex: { 'H100-80GB': { usdPerServer: USD_PER_SERVER, amortizationYears: 4 } } });
    const { plan } = await planScenario(scenario, { capacityCache });
    const h100 = plan.procurement.find((p) => p.gpu === 'H100-80GB');
    expect(h100?.costBasis).toBe('capex');
    // The demand needs more than the one owned server, so some are bought.
    expect(h100?.newServers).toBeGreaterThan(0);
    expect(h100?.servers).toBe((h100?.newServers ?? 0) + 1);
    expect(h100?.upfrontUsd).toBe((h100?.newServers ?? 0) * USD_PER_SERVER);
    expect(plan.totals.upfrontUsd).toBe(h100?.upfrontUsd);
    expect(plan.totals.boughtServers).toBe(h100?.newServers);
    // The horizon's cost carries only the amortized share: two hours of a four-year straight line.
    expect(plan.totals.fleetCostUsd).toBeLessThan(plan.totals.upfrontUsd / 1000);

    const n = h100?.newServers ?? 0;
    const money = (v: number) => v.toLocaleString('en-US');
    const summary = formatPlanSummary(plan, scenario, 'out');
    expect(summary).toContain(`Upfront outlay: ${money(n * USD_PER_SERVER)} USD to buy ${n} server${n === 1 ? '' : 's'} (${n} × ${h100?.server} at ${money(USD_PER_SERVER)} USD)`);
    const figure = upfrontFigure(plan, scenario);
    expect(figure.value).toBe(`${money(n * USD_PER_SERVER)} USD`);
    expect(figure.note).toContain(`to buy ${n} server`);
  });

  it('is 0, said as none bought, when the fleet is rented', async () => {
    const scenario = tinyScenario(BASE);
    const { plan } = await planScenario(scenario, { capacityCache });
    expect(plan.totals.servers).toBeGreaterThan(0);
    expect(plan.procurement.every((p) => p.costBasis === 'rental' && p.upfrontUsd === 0)).toBe(true);
    expect(plan.totals.upfrontUsd).toBe(0);
    expect(plan.totals.boughtServers).toBe(0);
    expect(formatPlanSummary(plan, scenario, 'out')).toContain('Upfront outlay: 0 USD (none bought: the fleet is rented or already owned)');
    const figure = upfrontFigure(plan, scenario);
    expect(figure.value).toBe('0 USD');
    expect(figure.note).toContain('none bought');
  });
});
