/** The readable summary printed on stdout after `plan`: fleet, totals, solve and a per-day view. */
import * as aq from 'arquero';
import Table from 'cli-table3';
import type { Plan, RepairSummary } from '../plan/index.js';
import { perHorizon, unitFigures } from '../report/unitFigures.js';
import type { Scenario } from '../scenario/index.js';

const fmt = (v: number, digits = 0) => v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function table(head: string[], rows: (string | number)[][]): string {
  const t = new Table({ head, style: { head: [], border: [], compact: true }, colAligns: head.map((_, i) => (i === 0 ? 'left' : 'right')) });
  for (const r of rows) t.push(r.map(String));
  return t.toString();
}

export function formatPlanSummary(plan: Plan, scenario: Scenario, outDir: string): string {
  const t = plan.totals;
  const s = plan.solve;
  const lines: string[] = [];
  lines.push(`llmcap plan: ${plan.scenario}  (${plan.windows.length} windows, ${plan.classIds.length} request classes)`);
  lines.push('');
  lines.push('Fleet to procure');
  lines.push(table(
    ['GPU type', 'server', 'servers', 'new', 'GPUs', 'cost basis', 'USD/GPU-h', 'horizon cost USD'],
    plan.procurement.filter((p) => p.servers > 0 || p.inventoryServers > 0).map((p) => [p.gpu, p.server, fmt(p.servers), fmt(p.newServers), fmt(p.gpus), p.costBasis, fmt(p.gpuHourUsd, 2), fmt(p.horizonCostUsd)]),
  ));
  lines.push('');
  const days = aq
    .from(plan.windows.map((w) => ({ day: w.windowStart.slice(0, 10), ...w })))
    .groupby('day')
    .rollup({
      peak_rps: aq.op.max('demandRps'),
      peak_gpus: aq.op.max('activeGpus'),
      min_gpus: aq.op.min('activeGpus'),
      peak_kw: aq.op.max('predictedPeakKW'),
      energy_kwh: aq.op.sum('energyKWh'),
      energy_usd: aq.op.sum('energyCostUsd'),
      carbon_kg: aq.op.sum('carbonKg'),
    })
    .orderby('day')
    .objects() as Record<string, number | string>[];
  lines.push('Per day (active GPUs vary with the load; the fleet is fixed)');
  lines.push(table(
    ['day', 'peak req/s', 'active GPUs min–max', 'peak kW', 'energy kWh', 'energy USD', 'carbon kg'],
    days.map((d) => [String(d['day']), fmt(Number(d['peak_rps']), 1), `${d['min_gpus']}–${d['peak_gpus']}`, fmt(Number(d['peak_kw']), 1), fmt(Number(d['energy_kwh'])), fmt(Number(d['energy_usd'])), fmt(Number(d['carbon_kg']))]),
  ));
  lines.push('');
  const power = Number.isFinite(t.provisionedKW)
    ? `predicted peak ${fmt(t.peakPowerKW, 1)} kW of ${fmt(t.provisionedKW, 1)} kW provisioned; nameplate ${fmt(t.nameplateKW, 1)} kW (${t.nameplateKW > t.provisionedKW ? `oversubscription ${fmt(t.oversubscription ?? 0, 2)}×` : `within the budget: ${fmt(t.provisionedKW - t.nameplateKW, 1)} kW to spare at nameplate`})`
    : `predicted peak ${fmt(t.peakPowerKW, 1)} kW (no power budget set); nameplate ${fmt(t.nameplateKW, 1)} kW`;
  const u = unitFigures(plan, scenario);
  const per = perHorizon(u.horizonLabel);
  lines.push(`Totals: ${fmt(t.servers)} servers, ${fmt(t.gpus)} GPUs; cost ${fmt(t.totalCostUsd)} USD ${per} (fleet ${fmt(t.fleetCostUsd)}${t.onDemandCostUsd !== undefined ? `, on demand ${fmt(t.onDemandCostUsd)}` : ''}, energy ${fmt(t.energyCostUsd)}); energy ${fmt(t.energyKWh)} kWh; carbon ${fmt(t.operationalCarbonKg)} kg operational + ${fmt(t.embodiedCarbonKg)} kg embodied`);
  lines.push(`Upfront outlay: ${upfrontText(plan)}`);
  const billing = billingText(plan);
  if (billing) lines.push(`Acquisition: ${billing}`);
  lines.push(`Unit figures: ${fmt(u.costPerHourUsd, 2)} USD per hour; ${fmt(u.costPerMillionOutputTokensUsd, 2)} USD per million output tokens (${fmt(u.costPerMillionTokensUsd, 3)} per million input + output tokens, ${fmt(u.tokensMillions)} M tokens ${per}); ${fmt(u.energyKWhPerMillionTokens, 3)} kWh per million tokens`);
  lines.push(`Power: ${power}`);
  const pctOf = (v: number | undefined) => (v !== undefined ? `${(v * 100).toFixed(2)} %` : 'unknown');
  const target = (v: number | undefined) => (v !== undefined ? ` (target ${pctOf(v)})` : '');
  const windowGap = s.worstWindows ? `, worst window gap ${pctOf(s.worstWindowGap)}${target(s.windowGapTarget)}` : '';
  lines.push(`Solve: ${s.backend}, ${s.method}, ${s.termination}${s.limitReached ? ' (limit reached: best plan found)' : ''}; objective ${fmt(s.objective, 2)}, bound ${s.bound !== undefined ? fmt(s.bound, 2) : 'n/a'}, gap ${pctOf(s.gap)}${target(s.mipGapTarget)}${windowGap}, ${s.seconds.toFixed(1)} s, ${s.subproblems} MILP(s)${plan.repair ? `; ${repairText(plan.repair)}` : ''}`);
  if (s.limitStage) lines.push(`Time limit: ${s.limitStage}`);
  if (plan.baseline) {
    const b = plan.baseline;
    const pct = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(v * 100).toFixed(1)} %`;
    lines.push(
      b.delta && b.totals
        ? `vs ${b.design.name}: ${fmt(b.totals.gpus)} GPUs, cost ${fmt(b.totals.totalCostUsd)} USD, energy ${fmt(b.totals.energyKWh)} kWh → this plan: GPUs ${pct(b.delta.gpus)}, cost ${pct(b.delta.costUsd)}, energy ${pct(b.delta.energyKWh)}, carbon ${pct(b.delta.carbonKg)}${b.repair ? ` (baseline ${repairText(b.repair)})` : ''}`
        : `vs ${b.design.name}: no baseline plan (${b.error ?? 'unknown'})`,
    );
    if (b.cheaperOutsideOptions) lines.push(`  the baseline passes its replay for less, with options this scenario does not give its plan: ${b.cheaperOutsideOptions}`);
  }
  lines.push(`Profiles: ${plan.profileSource}`);
  if (plan.profileClamps && plan.profileClamps.length > 0) {
    const c = plan.profileClamps[0];
    lines.push(`Warning: ${plan.profileClamps.length} profile lookup(s) at the plan's operating points left a table's range and were clamped to its edge (e.g. ${c?.pool} ${c?.phase} for ${c?.classId}: ${c?.axes.join(', ')}); see summary.json profileClamps.`);
  }
  lines.push(`Wrote ${outDir}/plan.arrow, plan.csv, procurement.csv, summary.json`);
  return lines.join('\n');
}

/** Per type, the servers by how they are paid for (stated acquisition modes only): "H100-80GB: 2 owned, buy 4, reserve 2, on demand up to 3 (…)". */
function billingText(plan: Plan): string | undefined {
  const parts = plan.procurement.filter((p) => p.billing).map((p) => {
    const b = p.billing as NonNullable<typeof p.billing>;
    const items = [
      ...(p.inventoryServers > 0 ? [`${p.inventoryServers} owned`] : []),
      ...(b.modes.includes('buy') ? [`buy ${b.boughtServers}`] : []),
      ...(b.modes.includes('reserve') ? [`reserve ${b.reservedServers}`] : []),
      ...(b.modes.includes('onDemand') ? [`on demand up to ${b.onDemandPeakServers} (${fmt(b.onDemandServerHours)} server-h, ${fmt(b.onDemandCostUsd)} USD)`] : []),
    ];
    return `${p.gpu}: ${items.join(', ')}`;
  });
  return parts.length > 0 ? parts.join('; ') : undefined;
}

/** What buying the fleet costs upfront, per bought type; 0 said plainly when everything is rented or owned. */
function upfrontText(plan: Plan): string {
  const t = plan.totals;
  if (t.boughtServers === 0) return '0 USD (none bought: the fleet is rented or already owned)';
  const types = plan.procurement.filter((p) => (p.billing ? p.billing.boughtServers > 0 : p.costBasis === 'capex' && p.newServers > 0)).map((p) => {
    const n = p.billing ? p.billing.boughtServers : p.newServers;
    return `${n} × ${p.server} at ${fmt(p.upfrontUsd / n)} USD`;
  });
  return `${fmt(t.upfrontUsd)} USD to buy ${t.boughtServers} server${t.boughtServers === 1 ? '' : 's'} (${types.join(', ')}); the fleet cost above is its amortized share`;
}

/** The repair loop in the Solve line: rounds, cells fixed, and what fixing them cost. */
export function repairText(r: RepairSummary): string {
  const signed = (v: number, digits = 0) => `${v >= 0 ? '+' : '−'}${fmt(Math.abs(v), digits)}`;
  const cells = `${fmt(r.cellsMissedBefore)} of the replayed cells missed${r.rounds > 0 ? `, ${fmt(r.cellsMissedAfter)} after` : ''}`;
  const cost = r.rounds > 0 ? `; repair cost ${signed(r.costUsd)} USD, ${signed(r.gpus)} GPUs` : '';
  return `repair: ${r.rounds} of ${r.maxRounds} round(s) on ${fmt(r.replayedWindows)} distinct windows, ${cells}${cost}${headroomText(r)}, ${r.seconds.toFixed(1)} s${r.stopped ? ` (stopped: ${r.stopped})` : ''}`;
}

/** The pool with the most latency room at its peak, as the repair loop's replay measured it: what the plan may over-buy. */
function headroomText(r: RepairSummary): string {
  const most = r.headroom?.find((h) => h.latencyHeadroom !== null);
  if (!most || most.latencyHeadroom === null) return '';
  return `; most headroom at a pool's peak ${Math.round(most.latencyHeadroom * 100)} % (${most.pool}, ${most.instances} instance${most.instances === 1 ? '' : 's'})`;
}
