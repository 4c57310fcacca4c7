/** The replay's section: SLO attainment and latency percentiles per class and window, when a replay exists. */
import { latencyChart, LATENCY_CHART } from '../charts/latencyChart.js';
import { sloAttainmentChart, SLO_ATTAINMENT_CHART } from '../charts/sloAttainmentChart.js';
import { isJudgedCell } from '../../sim/index.js';
import type { ReplayWindows } from '../replayWindows.js';
import { fmt, pct } from './formatNumber.js';
import type { ReportSection } from './toReportHtml.js';

export const NO_REPLAY_NOTE = 'No replay of this plan yet: `llmcap plan --validate` (or `llmcap simulate --plan …/plan.arrow`) replays a trace against it and adds SLO attainment and latency here.';

export function replaySection(replay: ReplayWindows | undefined, windowHours: number, ignored?: string): ReportSection {
  const base = { id: 'replay', title: 'Replay: SLO attainment and latency' };
  if (!replay) {
    return { ...base, blocks: [{ kind: 'note', tone: ignored ? 'warning' : 'info', text: ignored ? `The windows.csv next to this plan was not shown: ${ignored}. ${NO_REPLAY_NOTE}` : NO_REPLAY_NOTE }] };
  }
  const judged = replay.classes.filter(isJudgedCell);
  const missed = judged.filter((c) => c.meetsSlo === 'no');
  const pointMisses = judged.filter((c) => c.meetsSlo === 'point-miss').length;
  const pointNote = ` ${fmt(pointMisses)} cells (${pct(judged.length > 0 ? pointMisses / judged.length : 0, 2)}) miss as point estimates without the miss being significant.`;
  const windowsMissing = new Set(missed.map((c) => c.window)).size;
  const requests = replay.totals.reduce((s, w) => s + (Number.isFinite(w.requests) ? w.requests : 0), 0);
  const minAttainment = Math.min(...replay.totals.map((w) => w.sloAttainment).filter(Number.isFinite));
  const hasLatency = replay.classes.some((c) => Number.isFinite(c.ttftOverTargetAtSlo) || Number.isFinite(c.tbtOverTargetAtSlo));
  return {
    ...base,
    intro: 'The plan replayed request by request by the simulator (windows.csv beside this file).',
    blocks: [
      {
        kind: 'note',
        tone: missed.length > 0 ? 'warning' : 'info',
        text: missed.length > 0
          ? `${fmt(missed.length)} of ${fmt(judged.length)} (window, class) cells miss their SLO percentile, in ${fmt(windowsMissing)} of ${fmt(replay.totals.length)} windows; ${fmt(requests)} requests replayed; lowest window attainment ${pct(minAttainment, 2)}. A cell misses when its misses are significantly more than the percentile allows (one-sided binomial test, α = 0.001).${pointNote}`
          : `No (window, class) cell misses its SLO percentile significantly (one-sided binomial test, α = 0.001): ${fmt(judged.length)} cells, ${fmt(requests)} requests replayed; lowest window attainment ${pct(minAttainment, 2)}.${pointNote}`,
      },
      { kind: 'chart', name: SLO_ATTAINMENT_CHART, title: 'SLO attainment per class and window', caption: 'Share of requests meeting both the TTFT and the TBT target. ✕: the class missed its percentile target in that window significantly; orange outline: a point-estimate miss that is not significant; grey outline: too few requests to judge it.', spec: sloAttainmentChart(replay, windowHours) },
      ...(hasLatency ? [{ kind: 'chart' as const, name: LATENCY_CHART, title: 'Latency against its target per class and window', caption: 'Latency at the class\'s SLO percentile (p99 unless the scenario says otherwise) over its target: blue cells have room to spare, red ones are slower than the target. Hover a cell for the milliseconds; windows.csv has p50 to p99 of every latency.', spec: latencyChart(replay, windowHours) }] : []),
    ],
  };
}
