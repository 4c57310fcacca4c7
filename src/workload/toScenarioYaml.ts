/**
 * A fitted scenario as commented YAML, laid out like scenarios/day.yaml: a comment block saying
 * where every number came from, one flow-style line per class with its request count, short lists
 * on one line. Built with yaml's Document API so comments sit on the nodes they describe.
 */
import { Document, isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import type { FittedScenario } from './fitScenario.js';
import { BURSTY_GAMMA_CV, burstyGammaNote, FIT_DEFAULTS } from './fitScenario.js';
import type { TraceSummary } from './summarize.js';

export function toScenarioYaml(fit: FittedScenario, trace: TraceSummary): string {
  const doc = new Document(fit.scenario);
  doc.commentBefore = headerComment(fit, trace)
    .map((l) => (l === '' ? '' : ` ${l}`))
    .join('\n');
  fit.services.forEach((svc, i) => {
    const stats = doc.getIn(['services', i, 'classes', 'stats']) as YAMLMap;
    for (const item of stats.items) {
      const node = item.value as Node;
      if (isMap(node)) node.flow = true;
      const c = svc.classes.find((x) => x.name === String((item.key as { value?: unknown }).value ?? item.key));
      if (c) node.comment = c.empty ? ' no requests in the trace: placeholder statistics (bin middle), share 0' : ` ${c.requests.toLocaleString('en-US')} requests`;
    }
    for (const path of [['slo', 'default'], ['slo', 'reference'], ['classes', 'inputThresholds'], ['classes', 'outputThresholds']]) flowAt(doc, ['services', i, ...path]);
    const demand = doc.getIn(['services', i, 'demand']) as YAMLMap;
    flowAll(demand);
  });
  for (const path of [['hardware', 'gpus'], ['hardware', 'tp'], ['hardware', 'clocks'], ['hardware', 'roles'], ['prices', 'electricityUsdPerKWh', 'daily'], ['prices', 'carbonGPerKWh', 'daily'], ['planning', 'pools'], ['solver']]) flowAt(doc, path);
  // One [probability, gap] pair per line.
  const gaps = doc.getIn(['simulation', 'gapQuantiles'], true);
  if (isSeq(gaps)) for (const pair of gaps.items) if (isSeq(pair)) pair.flow = true;
  // Quoted like the bundled scenarios, so no YAML 1.1 tool reads it as a timestamp.
  const start = doc.getIn(['horizon', 'start'], true);
  if (isScalar(start)) start.type = 'QUOTE_SINGLE';
  const power = doc.get('power', true) as Node;
  power.commentBefore = ' No power budget: add provisionedKW to bound the fleet\'s predicted peak power (POLCA-style oversubscription).';
  return doc.toString({ lineWidth: 0, flowCollectionPadding: true });
}

function flowAt(doc: Document, path: readonly (string | number)[]): void {
  const node = doc.getIn(path, true);
  if (isMap(node) || isSeq(node)) node.flow = true;
}

/** Every list inside a node on one line (per-window rates, shapes); maps stay block style. */
function flowAll(node: unknown): void {
  if (isSeq(node)) {
    node.flow = true;
    return;
  }
  if (isMap(node)) for (const item of node.items) flowAll(item.value);
}

function headerComment(fit: FittedScenario, t: TraceSummary): string[] {
  const s = fit.scenario;
  const hours = (x: number) => `${(x / 3600).toLocaleString('en-US', { maximumFractionDigits: 2 })} h`;
  const windowText = `${s.horizon.windowMinutes ?? 60}-min`;
  const lines = [
    `${s.name}: fitted by \`llmcap trace fit\` from ${t.source}`,
    `  ${t.requests.toLocaleString('en-US')} requests, ${t.firstArrivalIso} to ${t.lastArrivalIso} (${hours(t.spanS)})${t.skippedRows.count > 0 ? `; ${t.skippedRows.count.toLocaleString('en-US')} bad rows skipped` : ''}.`,
    '',
    'How the numbers were derived',
    '----------------------------',
    `Request classes: input bins at [${t.thresholds.input.join(', ')}] x output bins at [${t.thresholds.output.join(', ')}] tokens`,
    '  (S < first edge <= M < second edge <= L). Each class\'s share and token statistics come from the',
    '  trace: the mean, and p50/p90/p99 by linear interpolation between order statistics (pandas\'',
    '  default), rounded to whole tokens (a mean is kept inside its bin).',
  ];
  if (fit.repeat) {
    lines.push(
      `Demand: the trace covers ${hours(t.spanS)}; the horizon (${s.horizon.windows} windows of ${windowText} from ${s.horizon.start})`,
      `  stretches it with the weekly shape of scenarios/week.yaml: relative load exp(b*cos(2*pi*(h-14)/24))`,
      `  per UTC hour h, rescaled to mean 1 (peak at 14:00 UTC), b = ${fit.repeat.b}, times 1 on weekdays and`,
      `  ${fit.repeat.weekendFactor} on Saturday and Sunday. Its level is fitted so that the shape over the trace's own`,
      '  windows predicts the trace\'s request count (the Poisson maximum-likelihood level); classes keep',
      '  the trace\'s shares. This is an assumption about when load comes, not a measurement: replace',
      '  shape with your own daily/weekly profile if you know it.',
    );
    for (const svc of fit.services) lines.push(`  ${svc.name}: level ${(svc.levelRps ?? 0).toFixed(3)} req/s per unit of shape.`);
  } else {
    lines.push(
      `Demand: classRps per class and ${windowText} window, windows aligned to UTC multiples of their length; a`,
      '  rate is the window\'s arrivals divided by the seconds of it the trace covers (the first and last',
      '  windows are usually partial: from the first arrival, up to the last one).',
    );
  }
  lines.push(
    `Arrivals (for the replay simulator): inter-arrival coefficient of variation within classes ${fit.services.map((x) => `${x.name} ${Number.isFinite(x.classCv) ? x.classCv.toFixed(2) : 'n/a'}`).join(', ')};`,
    fit.arrivals === 'empirical'
      ? `  written as empirical arrivals${fit.burstiness >= BURSTY_GAMMA_CV ? ` (a gamma law with burstiness ${fit.burstiness} would send most requests in simultaneous bursts)` : ''}: each service one stream whose gaps follow the trace's, as multiples of the mean gap (simulation.gapQuantiles; rate changes within a window widen them too).`
      : `  ${fit.arrivals === 'poisson' ? `within ${FIT_DEFAULTS.poissonCvBand.join('-')}, so Poisson` : `written as gamma arrivals with burstiness ${fit.burstiness}`} (rate changes within a window also raise it).`,
    ...[burstyGammaNote(fit)].filter((note) => note !== undefined).map((note) => `  Caution: ${note}.`),
    'Defaults, not from the trace (edit them): hardware as scenarios/day.yaml (A100-80GB and H100-80GB,',
    `  TP 4 and 8, ${FIT_DEFAULTS.clocks.count} clocks from ${FIT_DEFAULTS.clocks.minFraction * 100} % of the maximum); SLOs p99 TTFT ${FIT_DEFAULTS.ttftSlowdown}x the request alone on`,
    `  H100-80GB TP8 (Splitwise's conversation SLO) and p99 TBT ${FIT_DEFAULTS.tbtMs} ms; catalog rental prices; electricity`,
    '  0.08 USD/kWh, 0.14 from 16:00 to 21:00 UTC, and carbon 250-420 g/kWh with a midday solar dip (day.yaml\'s',
    `  assumed shapes); PUE ${FIT_DEFAULTS.pue}; no power budget; objective cost; HiGHS, 60 s, 1 % gap;`,
    '  pools by input bin or one pool shared by every class, chosen per window (DynamoLLM\'s SinglePool is',
    '  then among the plans the optimizer may keep; `pools: by-input-bin` solves faster).',
  );
  return lines;
}
