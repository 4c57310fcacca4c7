/** The readable `trace summarize` report: size and span, rates per window, token quantiles, class mix. */
import Table from 'cli-table3';
import { binLabels } from '../../scenario/index.js';
import type { ClassSummary, TokenSummary, TraceSummary } from '../../workload/index.js';
import { formatDuration } from './traceOptions.js';

const num = (v: number | null | undefined, digits = 2) =>
  v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toLocaleString('en-US', { maximumFractionDigits: digits });

function table(head: string[], rows: string[][]): string {
  const t = new Table({ head, style: { head: [], border: [] }, colAligns: head.map((_, i) => (i === 0 ? 'left' : 'right')) });
  for (const r of rows) t.push(r);
  return t.toString();
}

export function formatTraceSummary(s: TraceSummary, format: string): string {
  const lines: string[] = [];
  lines.push(`Trace ${s.source} (${format} format): ${num(s.requests, 0)} request${s.requests === 1 ? '' : 's'}`);
  if (s.skippedRows.count > 0) {
    lines.push(`  ${num(s.skippedRows.count, 0)} bad rows skipped (--skip-bad-rows); first ones:`);
    for (const p of s.skippedRows.examples) lines.push(`    line ${p.line} ${p.field}: ${p.message}`);
  }
  lines.push(`  ${s.firstArrivalIso} to ${s.lastArrivalIso}: ${num(s.spanS, 1)} s${s.spanS >= 60 ? ` (${formatDuration(s.spanS)})` : ''}; mean ${num(s.meanRateRps)} req/s; inter-arrival CV ${num(s.interArrival.cv)}`);
  lines.push('');
  const r = s.rate;
  const partial = s.windows.filter((w) => w.partial).length;
  lines.push(
    `Arrival rate per ${formatDuration(s.windowS)} window (${s.windows.length} window${s.windows.length === 1 ? '' : 's'}${partial > 0 ? `, ${partial} partial` : ''}; statistics over ${r.basis === 'full windows' ? `the ${r.windows} full ones` : 'all, each over the part the trace covers'})`,
  );
  lines.push(`  min ${num(r.minRps)} / median ${num(r.medianRps)} / max ${num(r.maxRps)} req/s; peak-to-mean ${num(r.peakToMean)}; requests per window ${num(r.minRequests, 1)} / ${num(r.medianRequests, 1)} / ${num(r.maxRequests, 1)}`);
  lines.push('');
  lines.push('Tokens per request');
  const tok = (name: string, t: TokenSummary) => [name, num(t.min), num(t.mean, 1), num(t.p50), num(t.p90), num(t.p99), num(t.max), num(t.total, 0)];
  lines.push(table(['', 'min', 'mean', 'p50', 'p90', 'p99', 'max', 'total'], [tok('input', s.input), tok('output', s.output)]));
  lines.push('');
  const bins = (t: readonly number[]) => {
    const labels = binLabels(t.length + 1);
    return t.length === 0 ? 'one bin' : t.map((edge, i) => `${i === 0 ? `${labels[0]} < ` : ''}${edge} ≤ ${labels[i + 1]}`).join(' < ');
  };
  lines.push(`Request classes (input ${bins(s.thresholds.input)}; output ${bins(s.thresholds.output)})`);
  for (const svc of s.services.length > 1 ? s.services : [{ name: '', requests: s.requests, classes: s.classes }]) {
    if (s.services.length > 1) lines.push(`service ${svc.name}: ${num(svc.requests, 0)} requests`);
    lines.push(classTable(svc.classes));
  }
  if (s.labels) lines.push('', `Labels in the trace's class column: ${s.labels.map((l) => `${l.label} ${num(l.requests, 0)}`).join(', ')}`);
  return lines.join('\n');
}

function classTable(classes: readonly ClassSummary[]): string {
  const q = (t: TokenSummary | null) => (t ? [num(t.mean, 0), num(t.p50), num(t.p90), num(t.p99)] : ['–', '–', '–', '–']);
  return table(
    ['class', 'requests', 'share', 'in mean', 'in p50', 'in p90', 'in p99', 'out mean', 'out p50', 'out p90', 'out p99'],
    classes.map((c) => [c.name, num(c.requests, 0), `${(c.share * 100).toFixed(1)} %`, ...q(c.input), ...q(c.output)]),
  );
}
