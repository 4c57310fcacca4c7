/** Reference tables at the end of a plan's report: request classes with their SLO targets, and per-window figures. */
import type { SloTargetsMs } from '../../capacity/index.js';
import type { Plan } from '../../plan/index.js';
import type { Scenario } from '../../scenario/index.js';
import { fmt, pct } from './formatNumber.js';
import type { ReportSection } from './toReportHtml.js';

export function classesSection(scenario: Scenario, sloTargets?: ReadonlyMap<string, SloTargetsMs>): ReportSection {
  return {
    id: 'classes',
    title: 'Request classes',
    intro: 'Input × output length bins per service, their share of requests and mean lengths, and the latency targets the plan meets (a slowdown SLO shown at the class\'s mean lengths).',
    blocks: [
      {
        kind: 'table',
        table: {
          columns: [
            { label: 'class' }, { label: 'model' }, { label: 'share', numeric: true }, { label: 'mean input tokens', numeric: true }, { label: 'mean output tokens', numeric: true },
            { label: 'TTFT target', numeric: true }, { label: 'TBT target', numeric: true },
          ],
          rows: scenario.classes.map((c) => {
            const slo = sloTargets?.get(c.id);
            return [
              c.id, c.model, pct(c.share, 1), fmt(c.input.mean), fmt(c.output.mean),
              slo ? `p${fmt(slo.ttftPercentile)} ≤ ${fmt(slo.ttftMs)} ms` : '–',
              slo ? `p${fmt(slo.tbtPercentile)} ≤ ${fmt(slo.tbtMs)} ms` : '–',
            ];
          }),
        },
      },
    ],
  };
}

export function windowsSection(plan: Plan): ReportSection {
  return {
    id: 'windows',
    title: 'Per-window figures',
    blocks: [
      {
        kind: 'table',
        title: `Show all ${plan.windows.length} windows`,
        collapsed: true,
        table: {
          columns: [
            { label: 'window', numeric: true }, { label: 'start (UTC)' }, { label: 'demand req/s', numeric: true }, { label: 'active GPUs', numeric: true },
            { label: 'mean kW', numeric: true }, { label: 'peak kW', numeric: true }, { label: 'energy kWh', numeric: true }, { label: 'GPU starts', numeric: true },
            { label: 'energy USD', numeric: true }, { label: 'carbon kg', numeric: true }, { label: 'operating gap', numeric: true },
          ],
          rows: plan.windows.map((w) => [
            String(w.window), w.windowStart.replace('T', ' ').replace(/:00\.000Z$/, ''), fmt(w.demandRps, 2), fmt(w.activeGpus), fmt(w.meanPowerKW, 1), fmt(w.predictedPeakKW, 1),
            fmt(w.energyKWh, 1), fmt(w.gpuStarts), fmt(w.energyCostUsd, 2), fmt(w.carbonKg, 1), pct(w.operatingGap, 2),
          ]),
        },
      },
    ],
  };
}
