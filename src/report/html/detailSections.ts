/** Reference tables at the end of a plan's report: request classes with their SLO targets, and per-window figures. */
import type { SloTargetsMs } from '../../capacity/index.js';
import type { Plan } from '../../plan/index.js';
import type { Scenario } from '../../scenario/index.js';
import { fmt, pct } from './formatNumber.js';
import type { ReportSection } from './toReportHtml.js';

export function classesSection(scenario: Scenario, sloTargets?: ReadonlyMap<string, SloTargetsMs>): ReportSection {
  const extended = scenario.classes.some((c) => c.slo.itl !== undefined || c.slo.e2e !== undefined || c.slo.scope !== undefined);
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
            // ITL and E2E (and a pooled scope) only for scenarios that set them: other reports keep their table.
            ...(extended ? [{ label: 'ITL target', numeric: true }, { label: 'E2E target', numeric: true }] : []),
          ],
          rows: scenario.classes.map((c) => {
            const slo = sloTargets?.get(c.id);
            const scoped = (m: 'ttft' | 'tbt' | 'itl' | 'e2e') => (c.slo.scope && c.slo.scope[m] !== 'class' ? ` (${c.slo.scope[m] === 'all' ? 'all requests' : 'per service'})` : '');
            const e2e = slo?.e2eTargets?.[slo.e2eTargets.length - 1];
            return [
              c.id, c.model, pct(c.share, 1), fmt(c.input.mean), fmt(c.output.mean),
              slo ? `p${fmt(slo.ttftPercentile)} ≤ ${fmt(slo.ttftMs)} ms${scoped('ttft')}` : '–',
              slo ? `p${fmt(slo.tbtPercentile)} ≤ ${fmt(slo.tbtMs)} ms${scoped('tbt')}` : '–',
              ...(extended
                ? [
                    slo?.itlMs !== undefined ? `p${fmt(slo.itlPercentile ?? 99)} ≤ ${fmt(slo.itlMs)} ms${scoped('itl')}` : '–',
                    e2e ? `p${fmt(e2e.percentile)} ≤ ${fmt(e2e.ms)} ms${scoped('e2e')}` : '–',
                  ]
                : []),
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
