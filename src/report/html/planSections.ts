/** The sections of a plan's report drawn from the plan itself: key figures, fleet, pools, power, money. */
import type { Plan, RepairSummary } from '../../plan/index.js';
import type { Scenario } from '../../scenario/index.js';
import { baselineChart, BASELINE_CHART } from '../charts/baselineChart.js';
import { billingChart, BILLING_CHART } from '../charts/billingChart.js';
import { clocksChart, CLOCKS_CHART } from '../charts/clocksChart.js';
import { costEnergyCarbonChart, COST_ENERGY_CARBON_CHART } from '../charts/costEnergyCarbonChart.js';
import { instancesChart, INSTANCES_CHART } from '../charts/instancesChart.js';
import { poolFrame } from '../charts/poolFrame.js';
import { powerChart, POWER_CHART } from '../charts/powerChart.js';
import type { ReplayWindows } from '../replayWindows.js';
import { perHorizon, unitFigures } from '../unitFigures.js';
import { fmt, pct, signedPct } from './formatNumber.js';
import type { ReportSection } from './toReportHtml.js';

export function overviewSection(plan: Plan, scenario: Scenario): ReportSection {
  const t = plan.totals;
  const u = unitFigures(plan, scenario);
  const per = perHorizon(u.horizonLabel);
  const s = plan.solve;
  const budget = Number.isFinite(t.provisionedKW) && t.provisionedKW > 0;
  return {
    id: 'overview',
    title: 'Overview',
    intro: 'The plan\'s totals over the horizon and how the solver fared.',
    blocks: [
      ...(s.limitReached
        ? [{ kind: 'note' as const, tone: 'warning' as const, text: `The solver reached its time limit${s.limitStage ? ` (${s.limitStage})` : ''}: this is the best plan found, not a proven optimum (gap ${pct(s.gap, 2)}, worst window ${pct(s.worstWindowGap, 2)}). Raise \`--time-limit\` or \`solver.timeLimitSec\` for a tighter plan.` }]
        : []),
      ...(s.termination === 'gap_above_target'
        ? [{ kind: 'note' as const, tone: 'warning' as const, text: `The solve ended above its gap targets: overall ${pct(s.gap, 2)} (target ${pct(s.mipGapTarget, 2)}), worst window ${pct(s.worstWindowGap, 2)} (target ${pct(s.windowGapTarget, 2)}). The plan is valid but not proven optimal.` }]
        : []),
      {
        kind: 'figures',
        items: [
          { label: `total cost ${per}`, value: `${fmt(t.totalCostUsd)} USD`, note: `fleet ${fmt(t.fleetCostUsd)}, energy ${fmt(t.energyCostUsd)}` },
          { label: 'fleet', value: `${fmt(t.servers)} servers`, note: `${fmt(t.gpus)} GPUs` },
          { label: `energy ${per}`, value: `${fmt(t.energyKWh)} kWh`, note: 'facility (IT × PUE)' },
          { label: `carbon ${per}`, value: `${fmt(t.operationalCarbonKg + t.embodiedCarbonKg)} kg`, note: `${fmt(t.operationalCarbonKg)} operational + ${fmt(t.embodiedCarbonKg)} embodied` },
          { label: 'predicted peak power', value: `${fmt(t.peakPowerKW, 1)} kW`, note: budget ? `of ${fmt(t.provisionedKW, 1)} kW provisioned` : 'no power budget' },
          { label: 'nameplate', value: `${fmt(t.nameplateKW, 1)} kW`, note: nameplateNote(t) },
          { label: 'solve', value: s.termination, note: `${s.backend}, ${s.method}; gap ${pct(s.gap, 2)}${s.worstWindows ? `, worst window ${pct(s.worstWindowGap, 2)}` : ''}; ${fmt(s.seconds, 1)} s` },
          ...(plan.repair ? [repairFigure(plan.repair)] : []),
        ],
      },
      ...(s.worstWindows && s.worstWindows.length > 0
        ? [{
            kind: 'table' as const,
            title: 'Windows with the largest operating gaps',
            table: {
              columns: [{ label: 'window', numeric: true }, { label: 'start (UTC)' }, { label: `operating cost (${objectiveUnit(scenario.objective.weights)})`, numeric: true }, { label: 'proven bound', numeric: true }, { label: 'gap', numeric: true }],
              rows: s.worstWindows.map((w) => [String(w.window), w.windowStart.replace('T', ' ').replace(/:00\.000Z$/, ''), fmt(w.operatingObjective, 2), w.operatingBound === undefined ? 'n/a' : fmt(w.operatingBound, 2), pct(w.gap, 2)]),
            },
          }]
        : []),
    ],
  };
}

/** A window's operating objective is in USD under the cost objective; a weighted mix has its own units. */
function objectiveUnit(w: Scenario['objective']['weights']): string {
  return w.costUsd === 1 && w.energyKWh === 0 && w.carbonKg === 0 ? 'USD' : 'objective units';
}

/** Oversubscription only when the nameplate exceeds the budget; otherwise what is left at nameplate. */
function nameplateNote(t: Plan['totals']): string {
  if (!(Number.isFinite(t.provisionedKW) && t.provisionedKW > 0)) return 'no power budget';
  return t.nameplateKW > t.provisionedKW ? `oversubscription ${fmt(t.nameplateKW / t.provisionedKW, 2)}× the budget` : `${fmt(t.provisionedKW - t.nameplateKW, 1)} kW of the budget to spare at nameplate`;
}

/** The replay-and-repair loop: rounds, cells its slice replays found missing, and what fixing them cost. */
function repairFigure(r: RepairSummary): { label: string; value: string; note: string } {
  const signed = (v: number) => `${v >= 0 ? '+' : '−'}${fmt(Math.abs(v))}`;
  return {
    label: 'replay and repair',
    value: `${fmt(r.rounds)} of ${fmt(r.maxRounds)} rounds`,
    note: `${fmt(r.replayedWindows)} distinct windows replayed; ${fmt(r.cellsMissedBefore)} cells missed${r.rounds > 0 ? `, ${fmt(r.cellsMissedAfter)} after; cost ${signed(r.costUsd)} USD, ${signed(r.gpus)} GPUs` : ''}`,
  };
}

export function procurementSection(plan: Plan): ReportSection {
  const rows = plan.procurement.filter((p) => p.servers > 0 || p.inventoryServers > 0);
  return {
    id: 'fleet',
    title: 'Fleet to procure',
    intro: 'Servers per GPU type, fixed over the horizon; the pools of every window run on them.',
    blocks: [
      {
        kind: 'table',
        table: {
          columns: [
            { label: 'GPU type' }, { label: 'server' }, { label: 'owned', numeric: true }, { label: 'servers', numeric: true }, { label: 'new', numeric: true },
            { label: 'GPUs', numeric: true }, { label: 'cost basis' }, { label: 'USD / GPU-h', numeric: true }, { label: 'horizon cost USD', numeric: true }, { label: 'upfront USD', numeric: true }, { label: 'nameplate kW', numeric: true },
          ],
          rows: rows.map((p) => [p.gpu, p.server, fmt(p.inventoryServers), fmt(p.servers), fmt(p.newServers), fmt(p.gpus), p.costBasis, fmt(p.gpuHourUsd, 2), fmt(p.horizonCostUsd), fmt(p.upfrontUsd), fmt(p.nameplateKW, 1)]),
        },
      },
    ],
  };
}

export function poolsSection(plan: Plan, scenario: Scenario): ReportSection {
  const pools = poolFrame(plan, scenario.horizon.windowHours);
  return {
    id: 'pools',
    title: 'Pools over the horizon',
    intro: 'Per window, the instances of every pool (a model on one GPU type, TP degree, SM clock and role) and their clocks. The fleet is fixed; what runs on it changes window by window.',
    blocks: [
      { kind: 'chart', name: INSTANCES_CHART, title: 'Instances per window, by GPU type and role', spec: instancesChart(pools) },
      { kind: 'chart', name: CLOCKS_CHART, title: 'SM clock of each pool', caption: 'One tick per (window, pool) at its locked clock, one panel per GPU type and role; pools of one type may run at several clocks at once. Where the SLO allows a lower clock, the pool draws less power: memory-bound decode slows little.', spec: clocksChart(pools, scenario.horizon.windowHours) },
      ...headroomBlocks(plan.repair?.headroom),
    ],
  };
}

/**
 * Each config's pools at its peak and the latency room the repair loop's replay measured there: a
 * pool with a large headroom at its peak is one the plan could buy smaller; one near 0 is at its knee.
 */
function headroomBlocks(headroom: RepairSummary['headroom']): ReportSection['blocks'] {
  if (!headroom || headroom.length === 0) return [];
  return [
    {
      kind: 'table',
      title: 'Latency headroom at each pool\'s peak (the repair loop\'s replay)',
      table: {
        wrap: true,
        columns: [
          { label: 'model' }, { label: 'GPU type' }, { label: 'TP', numeric: true }, { label: 'MHz', numeric: true }, { label: 'role' }, { label: 'peak window' },
          { label: 'instances', numeric: true }, { label: 'planned utilization', numeric: true }, { label: 'classes served' }, { label: 'judged', numeric: true }, { label: 'latency headroom', numeric: true },
        ],
        rows: headroom.map((h) => {
          // 'Llama-2-70B/H100-80GB/tp8/1980/mixed[/stack][/precision]': one column per part, so none is a 40-character word.
          const [model = '', gpu = '', tp = '', clock = '', ...role] = h.pool.split('/');
          return [
            { parts: [{ text: model, nowrap: true }] }, { parts: [{ text: gpu, nowrap: true }] }, tp.replace(/^tp/, ''), fmt(Number(clock)), role.join(' '), { parts: [{ text: h.windowStart.slice(0, 10), nowrap: true }, { text: ' ' }, { text: h.windowStart.slice(11, 16), nowrap: true }] },
            fmt(h.instances), pct(h.utilization, 0), h.classes.join(', '), `${fmt(h.judgedClasses)} of ${fmt(h.classes.length)}`, h.latencyHeadroom === null ? 'not judged' : pct(h.latencyHeadroom, 0),
          ];
        }),
      },
    },
    {
      kind: 'note',
      text: 'Headroom: 1 − the worst latency at its SLO percentile over its target, among the classes the pool served in its config\'s peak window (TTFT, TPOT, and ITL and E2E where set). A class split over several pools counts the latency of all of them. Cells too small to judge a percentile are left out.',
    },
  ];
}

export function powerSection(plan: Plan, scenario: Scenario, replay: ReplayWindows | undefined): ReportSection {
  return {
    id: 'power',
    title: 'Power',
    intro: 'Predicted mean IT power per window and the predicted peak the plan keeps under the provisioned budget (1.12 × mean, POLCA\'s worst 40-s rise), against the budget and the nameplate power of the fleet.',
    blocks: [{ kind: 'chart', name: POWER_CHART, spec: powerChart(plan, scenario.horizon.windowHours, replay), ...(replay ? { caption: 'Dashed: the replay\'s measured mean power and peak of 1-s means.' } : {}) }],
  };
}

export function costSection(plan: Plan, scenario: Scenario): ReportSection {
  return {
    id: 'cost',
    title: 'Cost, energy and carbon per window',
    intro: 'Cost is the fleet\'s rental or amortized capex share plus energy; energy is facility energy (IT × PUE); carbon is operational (embodied carbon is in the totals).',
    blocks: [{ kind: 'chart', name: COST_ENERGY_CARBON_CHART, spec: costEnergyCarbonChart(plan, scenario.horizon.windowHours) }],
  };
}

/**
 * How the servers are paid for, when the scenario states its acquisition modes (docs/billing.md):
 * the committed base and the on-demand burst per window, the cost split, and why the mix is cheaper.
 */
export function billingSection(plan: Plan, scenario: Scenario): ReportSection | undefined {
  const billed = plan.procurement.filter((p) => p.billing && (p.servers > 0 || (p.billing.onDemandPeakServers ?? 0) > 0 || p.inventoryServers > 0));
  if (!plan.procurement.some((p) => p.billing)) return undefined;
  const t = plan.totals;
  const onDemand = t.onDemandCostUsd ?? 0;
  const share = (v: number) => pct(t.totalCostUsd > 0 ? v / t.totalCostUsd : 0, 1);
  const windowHours = scenario.horizon.windowHours;
  return {
    id: 'billing',
    title: 'Acquisition and billing',
    intro: 'How the servers are paid for: owned ones cost only their energy (and any stated running cost); bought and reserved ones are paid for the whole horizon whether busy or not; servers rented on demand are paid only for the windows they run. A server is worth reserving (or buying) when it is needed for more hours than its break-even: the horizon\'s hours × its reserve (or amortized purchase) price ÷ the on-demand price; the load above that base is rented by the window.',
    blocks: [
      {
        kind: 'figures',
        items: [
          { label: 'bought and reserved', value: `${fmt(t.fleetCostUsd)} USD`, note: `${share(t.fleetCostUsd)} of the total: ${fmt(t.boughtServers)} bought, ${fmt(t.reservedServers ?? 0)} reserved, for the whole horizon` },
          { label: 'on demand', value: `${fmt(onDemand)} USD`, note: `${share(onDemand)} of the total: ${fmt(t.onDemandServerHours ?? 0)} server-hours rented` },
          { label: 'energy', value: `${fmt(t.energyCostUsd)} USD`, note: `${share(t.energyCostUsd)} of the total, on-demand servers included` },
        ],
      },
      {
        kind: 'table',
        title: 'Servers by acquisition mode',
        table: {
          columns: [
            { label: 'GPU type' }, { label: 'modes offered' }, { label: 'owned', numeric: true }, { label: 'bought', numeric: true }, { label: 'reserved', numeric: true },
            { label: 'on demand, most in a window', numeric: true }, { label: 'on-demand server-h', numeric: true }, { label: 'on-demand USD', numeric: true },
            { label: 'USD / GPU-h buy', numeric: true }, { label: 'USD / GPU-h reserve', numeric: true }, { label: 'USD / GPU-h on demand', numeric: true },
            { label: 'break-even h: buy', numeric: true }, { label: 'break-even h: reserve', numeric: true },
          ],
          rows: billed.map((p) => {
            const b = p.billing as NonNullable<typeof p.billing>;
            // Hours of need above which committing beats renting by the hour.
            const breakEven = (usd: number | undefined) => (usd !== undefined && b.onDemandGpuHourUsd ? fmt((usd / b.onDemandGpuHourUsd) * windowHours * plan.windows.length, 1) : '—');
            const price = (usd: number | undefined) => (usd === undefined ? '—' : fmt(usd, 2));
            return [p.gpu, b.modes.join(', '), fmt(p.inventoryServers), fmt(b.boughtServers), fmt(b.reservedServers), fmt(b.onDemandPeakServers), fmt(b.onDemandServerHours), fmt(b.onDemandCostUsd),
              price(b.buyGpuHourUsd), price(b.reserveGpuHourUsd), price(b.onDemandGpuHourUsd), breakEven(b.buyGpuHourUsd), breakEven(b.reserveGpuHourUsd)];
          }),
        },
      },
      {
        kind: 'chart',
        name: BILLING_CHART,
        title: 'Servers per window: committed base and on-demand burst',
        caption: 'Break-even: a server reserved for the horizon costs as much as the same server rented on demand for (reserve price ÷ on-demand price) × the horizon\'s hours. A server needed in fewer windows than that is rented on demand; one needed longer is reserved (or bought, when buying is cheaper still).',
        spec: billingChart(plan, windowHours),
      },
    ],
  };
}

export function baselineSection(plan: Plan): ReportSection {
  const intro = 'DynamoLLM\'s SinglePool design for the same demand and SLOs: every instance mixed, TP8, at the maximum clock, on the GPU type this plan uses most.';
  const b = plan.baseline;
  if (!b) return { id: 'baseline', title: 'SinglePool baseline', intro, blocks: [{ kind: 'note', text: 'Not planned for this report (`llmcap plan --no-baseline`).' }] };
  const spec = baselineChart(plan);
  if (!spec || !b.totals) return { id: 'baseline', title: 'SinglePool baseline', intro, blocks: [{ kind: 'note', tone: 'warning', text: `${b.design.name} has no plan: ${b.error ?? 'unknown reason'}` }] };
  const d = b.delta;
  return {
    id: 'baseline',
    title: 'SinglePool baseline',
    intro: `${intro} Compared: ${b.design.name}.`,
    blocks: [
      { kind: 'chart', name: BASELINE_CHART, spec },
      ...(d ? [{ kind: 'note' as const, text: `This plan vs SinglePool: cost ${signedPct(d.costUsd)}, energy ${signedPct(d.energyKWh)}, carbon ${signedPct(d.carbonKg)}, GPUs ${signedPct(d.gpus)}.${b.repair ? ` The baseline went through the same replay and repair: ${repairFigure(b.repair).note}.` : ''}${b.cheaperOutsideOptions ? ` It passes its replay for less, with options this scenario does not give its plan: ${b.cheaperOutsideOptions}.` : ''}` }] : []),
    ],
  };
}
