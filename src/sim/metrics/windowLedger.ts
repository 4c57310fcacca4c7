/**
 * Per-window, per-class accounting in bounded memory: counts and log histograms for the windows still
 * open; a window is summarized and its histograms dropped once its time has passed (energy final) and
 * its last request finished. Requests belong to the window they arrive in.
 *
 * A metric of scope 'class' is judged in each (window, class) cell; one of scope 'service' or 'all'
 * in a pooled cell of the window (ScopeWindowResult) that adds up its member cells' counts — every
 * request (every gap, for ITL) counted against its own class's target, so slowdown targets and
 * classes with different targets pool as they are — and not in the class cells (their p-value is 1).
 */
import type { SloMetric } from '../../scenario/index.js';
import type { ClassTargets, ClassWindowResult, MetricJudgement, ScopeWindowResult, WindowResult } from '../types.js';
import { LatencyHistograms, latencyQuantiles, type InputBin, type LatencyHistogramSet, type ReplayLatency } from './latencyQuantiles.js';
import { LogHistogram } from './logHistogram.js';
import { isJudgedCell, minJudgeableRequests, missPValue, VERDICT_ALPHA } from './significance.js';

class Cell {
  requests = 0;
  completed = 0;
  rejected = 0;
  metTtft = 0;
  metTbt = 0;
  metBoth = 0;
  metE2e = 0;
  /** Gaps between tokens, and those within the class's ITL target. */
  gaps = 0;
  metItl = 0;
  readonly ttft = new LogHistogram();
  readonly tbt = new LogHistogram();
  /** Latency over the request's own target (targets differ per request for slowdown SLOs). */
  readonly ttftRatio = new LogHistogram();
  readonly tbtRatio = new LogHistogram();
  readonly tbtMax = new LogHistogram();
  readonly queue = new LogHistogram();
  readonly e2e = new LogHistogram();
  /** Every gap between two consecutive tokens of the cell's requests (fed per decode run). */
  readonly itl = new LogHistogram();
}

/** A cell's histograms under the metric names users know (TPOT is the replay's mean TBT). */
function cellLatency(c: Cell): LatencyHistogramSet {
  return { ttft: c.ttft, tpot: c.tbt, itl: c.itl, e2e: c.e2e, queue: c.queue };
}

class OpenWindow {
  readonly cells: (Cell | undefined)[];
  outstanding = 0;
  energyFinal = false;
  energyJ = 0;
  staticJ = 0;
  peakW = 0;
  /** Fine (100-ms) power means: the highest, and their distribution for a p99. */
  finePeakW = 0;
  readonly finePower = new LogHistogram();
  cappedS = 0;
  constructor(classes: number) {
    this.cells = new Array<Cell | undefined>(classes).fill(undefined);
  }
}

export interface LedgerWindowInfo {
  readonly startIso: string;
  readonly plannedEnergyKWh: number;
  readonly plannedStaticEnergyKWh: number;
}

export class WindowLedger {
  private readonly open = new Map<number, OpenWindow>();
  private readonly closed: WindowResult[] = [];
  /** Whole-replay distributions per class and over all requests, merged from each window as it closes. */
  private readonly classLatency: LatencyHistograms[];
  private readonly allLatency = new LatencyHistograms();
  // Nearly every call is for the same window as the last one: skip the map then.
  private lastW = -1;
  private last: OpenWindow | undefined;

  constructor(
    private readonly targets: readonly ClassTargets[],
    private readonly windows: readonly LedgerWindowInfo[],
    private readonly windowS: number,
    private readonly pue: number,
    /** Classes grouped by prompt length, for per-bin latency; default one bin per class. */
    private readonly bins: readonly InputBin[] = targets.map((t, k) => ({ label: t.classId, inputRange: [0, Infinity] as const, classes: [k] })),
  ) {
    this.classLatency = targets.map(() => new LatencyHistograms());
    this.scopeGroups = scopeGroups(targets);
  }

  /** The pooled cells every window has (none when every metric is judged per class). */
  private readonly scopeGroups: readonly ScopeGroup[];

  private win(w: number): OpenWindow {
    if (w === this.lastW && this.last !== undefined) return this.last;
    let o = this.open.get(w);
    if (o === undefined) {
      o = new OpenWindow(this.targets.length);
      this.open.set(w, o);
    }
    this.lastW = w;
    this.last = o;
    return o;
  }

  private cell(w: number, k: number): Cell {
    const o = this.win(w);
    let c = o.cells[k];
    if (c === undefined) {
      c = new Cell();
      o.cells[k] = c;
    }
    return c;
  }

  arrive(w: number, k: number): void {
    this.cell(w, k).requests++;
    this.win(w).outstanding++;
  }

  /** A finished request with its own targets; returns whether it met both. */
  complete(w: number, k: number, ttftMs: number, ttftTargetMs: number, tbtMeanMs: number, tbtTargetMs: number, tbtMaxMs: number, queueMs: number, e2eMs: number, e2eTargetMs?: number): boolean {
    const c = this.cell(w, k);
    c.completed++;
    if (e2eTargetMs !== undefined && e2eMs <= e2eTargetMs) c.metE2e++;
    const okTtft = ttftMs <= ttftTargetMs;
    const okTbt = tbtMeanMs <= tbtTargetMs;
    if (okTtft) c.metTtft++;
    if (okTbt) c.metTbt++;
    if (okTtft && okTbt) c.metBoth++;
    c.ttft.add(ttftMs);
    c.tbt.add(tbtMeanMs);
    c.ttftRatio.add(ttftMs / ttftTargetMs);
    c.tbtRatio.add(tbtMeanMs / tbtTargetMs);
    c.tbtMax.add(tbtMaxMs);
    c.queue.add(queueMs);
    c.e2e.add(e2eMs);
    this.leave(w);
    return okTtft && okTbt;
  }

  /** `count` tokens of class k's requests arriving in window w, each `gapMs` after the token before it. */
  tokenGaps(w: number, k: number, gapMs: number, count: number): void {
    const c = this.cell(w, k);
    c.itl.addMany(gapMs, count);
    c.gaps += count;
    if (gapMs <= ((this.targets[k] as ClassTargets).itlMs ?? Infinity)) c.metItl += count;
  }

  reject(w: number, k: number): void {
    this.cell(w, k).rejected++;
    this.leave(w);
  }

  private leave(w: number): void {
    const o = this.win(w);
    o.outstanding--;
    if (o.outstanding === 0 && o.energyFinal) this.close(w);
  }

  samplePower(w: number, watts: number): void {
    const o = this.win(w);
    if (watts > o.peakW) o.peakW = watts;
  }

  /** `count` fine bins of the power monitor with this mean power (the histogram reads watts as its unit). */
  sampleFinePower(w: number, watts: number, count: number): void {
    const o = this.win(w);
    if (watts > o.finePeakW) o.finePeakW = watts;
    o.finePower.addMany(watts, count);
  }

  addCapped(fromS: number, toS: number): void {
    let t = fromS;
    while (t < toS) {
      const w = Math.floor(t / this.windowS + 1e-12);
      const end = Math.min(toS, (w + 1) * this.windowS);
      if (w >= 0 && w < this.windows.length) this.win(w).cappedS += end - t;
      t = end;
    }
  }

  /** The window's time has passed: its energy is final. */
  finishWindow(w: number, energyJ: number, staticJ: number): void {
    const o = this.win(w);
    o.energyJ = energyJ;
    o.staticJ = staticJ;
    o.energyFinal = true;
    if (o.outstanding === 0) this.close(w);
  }

  /** Close what is left (end of the replay). */
  closeAll(): void {
    for (const w of [...this.open.keys()].sort((a, b) => a - b)) this.close(w);
  }

  results(): WindowResult[] {
    return [...this.closed].sort((a, b) => a.window - b.window);
  }

  /** The whole replay's latency distributions (after closeAll). */
  latency(): ReplayLatency {
    const byBin = this.bins.map((b) => {
      const merged = new LatencyHistograms();
      for (const k of b.classes) merged.merge(this.classLatency[k] as LatencyHistograms);
      return { bin: b.label, inputRange: b.inputRange, latency: latencyQuantiles(merged), completed: merged.ttft.count };
    });
    return {
      all: latencyQuantiles(this.allLatency),
      inputBins: byBin.filter((b) => b.completed > 0).map(({ bin, inputRange, latency }) => ({ bin, inputRange, latency })),
      classes: this.targets.flatMap((t, k) => ((this.classLatency[k] as LatencyHistograms).ttft.count + (this.classLatency[k] as LatencyHistograms).itl.count > 0 ? [{ classId: t.classId, latency: latencyQuantiles(this.classLatency[k] as LatencyHistograms) }] : [])),
    };
  }

  private close(w: number): void {
    const o = this.open.get(w);
    if (o === undefined) return;
    this.open.delete(w);
    if (this.lastW === w) {
      this.lastW = -1;
      this.last = undefined;
    }
    const info = this.windows[w];
    const classes: ClassWindowResult[] = [];
    let requests = 0;
    let completed = 0;
    let rejected = 0;
    let met = 0;
    const windowLatency = new LatencyHistograms();
    o.cells.forEach((c, k) => {
      if (c === undefined || c.requests === 0) return;
      const t = this.targets[k] as ClassTargets;
      const latency = cellLatency(c);
      windowLatency.merge(latency);
      (this.classLatency[k] as LatencyHistograms).merge(latency);
      requests += c.requests;
      completed += c.completed;
      rejected += c.rejected;
      met += c.metBoth;
      const ttftAttainment = c.metTtft / c.requests;
      const tbtAttainment = c.metTbt / c.requests;
      // A metric of a pooled scope is judged in its pooled cell, not here.
      const ownScope = (m: SloMetric) => (t.scope?.[m] ?? 'class') === 'class';
      const ttftMissPValue = ownScope('ttft') ? missPValue(c.requests - c.metTtft, c.requests, t.ttftPercentile) : 1;
      const tbtMissPValue = ownScope('tbt') ? missPValue(c.requests - c.metTbt, c.requests, t.tbtPercentile) : 1;
      const itl = t.itlMs !== undefined && ownScope('itl') ? judgement('itl', t.itlPercentile ?? 99, t.itlMs, c.gaps, c.metItl, c.itl) : undefined;
      const e2e = t.e2eMs !== undefined && ownScope('e2e') ? judgement('e2e', t.e2ePercentile ?? 99, t.e2eMs, c.requests, c.metE2e, c.e2e) : undefined;
      const extra = [itl, e2e].filter((j): j is MetricJudgement => j !== undefined);
      const missesPoint = (ownScope('ttft') && ttftAttainment < t.ttftPercentile / 100 - 1e-12) || (ownScope('tbt') && tbtAttainment < t.tbtPercentile / 100 - 1e-12) || extra.some(pointMissOf);
      classes.push({
        window: w,
        classId: t.classId,
        requests: c.requests,
        completed: c.completed,
        rejected: c.rejected,
        sloAttainment: c.metBoth / c.requests,
        ttftAttainment,
        tbtAttainment,
        ttftTargetMs: t.ttftMs,
        ttftPercentile: t.ttftPercentile,
        tbtTargetMs: t.tbtMs,
        tbtPercentile: t.tbtPercentile,
        latency: latencyQuantiles(latency),
        ttftP50Ms: c.ttft.quantile(0.5),
        ttftP99Ms: c.ttft.quantile(0.99),
        ttftAtSloMs: c.ttft.quantile(t.ttftPercentile / 100),
        ttftOverTargetAtSlo: c.ttftRatio.quantile(t.ttftPercentile / 100),
        tbtP50Ms: c.tbt.quantile(0.5),
        tbtP99Ms: c.tbt.quantile(0.99),
        tbtAtSloMs: c.tbt.quantile(t.tbtPercentile / 100),
        tbtOverTargetAtSlo: c.tbtRatio.quantile(t.tbtPercentile / 100),
        tbtMaxP99Ms: c.tbtMax.quantile(0.99),
        queueP99Ms: c.queue.quantile(0.99),
        e2eP99Ms: c.e2e.quantile(0.99),
        // Attainment counts, not histogram quantiles, decide: exact at the target.
        pointMiss: missesPoint,
        ttftMissPValue,
        tbtMissPValue,
        meetsSlo: ttftMissPValue >= VERDICT_ALPHA && tbtMissPValue >= VERDICT_ALPHA && extra.every((j) => j.missPValue >= VERDICT_ALPHA),
        lowSample: !isJudgedCell({ requests: c.requests, ttftPercentile: t.ttftPercentile, tbtPercentile: t.tbtPercentile }),
        ...(itl ? { itl } : {}),
        ...(e2e ? { e2e } : {}),
      });
    });
    const scopes = this.scopeGroups.flatMap((g) => {
      const r = pooledCell(w, g, o.cells, this.targets);
      return r ? [r] : [];
    });
    this.allLatency.merge(windowLatency);
    const toKWh = (j: number) => (j * this.pue) / 3.6e6;
    this.closed.push({
      window: w,
      windowStart: info?.startIso ?? '',
      requests,
      completed,
      rejected,
      sloAttainment: requests > 0 ? met / requests : NaN,
      energyKWh: toKWh(o.energyJ),
      staticEnergyKWh: toKWh(o.staticJ),
      plannedEnergyKWh: info?.plannedEnergyKWh ?? NaN,
      plannedStaticEnergyKWh: info?.plannedStaticEnergyKWh ?? NaN,
      meanKW: o.energyJ / this.windowS / 1000,
      peakKW: o.peakW / 1000,
      peakFineKW: o.finePeakW / 1000,
      p99FineKW: o.finePower.quantile(0.99) / 1000,
      cappedS: o.cappedS,
      latency: latencyQuantiles(windowLatency),
      classes,
      ...(this.scopeGroups.length > 0 ? { scopes } : {}),
    });
  }
}

/** A pooled cell's classes and the metrics it judges (with their shared percentile). */
interface ScopeGroup {
  readonly scope: string;
  readonly classes: readonly number[];
  readonly metrics: readonly { readonly metric: SloMetric; readonly percentile: number }[];
}

const METRICS: readonly SloMetric[] = ['ttft', 'tbt', 'itl', 'e2e'];

function percentileOf(t: ClassTargets, m: SloMetric): number | undefined {
  if (m === 'ttft') return t.ttftPercentile;
  if (m === 'tbt') return t.tbtPercentile;
  if (m === 'itl') return t.itlMs === undefined ? undefined : (t.itlPercentile ?? 99);
  return t.e2eMs === undefined ? undefined : (t.e2ePercentile ?? 99);
}

/** The pooled cells of a scenario's targets: one per service and one for 'all', where some metric has that scope. */
export function scopeGroups(targets: readonly ClassTargets[]): ScopeGroup[] {
  const groups = new Map<string, { classes: Set<number>; metrics: Map<SloMetric, number> }>();
  targets.forEach((t, k) => {
    for (const m of METRICS) {
      const scope = t.scope?.[m] ?? 'class';
      const percentile = percentileOf(t, m);
      if (scope === 'class' || percentile === undefined) continue;
      const name = scope === 'all' ? 'all' : `service:${t.service ?? ''}`;
      const g = groups.get(name) ?? { classes: new Set<number>(), metrics: new Map<SloMetric, number>() };
      g.classes.add(k);
      g.metrics.set(m, percentile);
      groups.set(name, g);
    }
  });
  return [...groups.entries()]
    .sort(([a], [b]) => (a === 'all' ? 1 : b === 'all' ? -1 : a.localeCompare(b)))
    .map(([scope, g]) => ({ scope, classes: [...g.classes].sort((a, b) => a - b), metrics: METRICS.flatMap((m) => (g.metrics.has(m) ? [{ metric: m, percentile: g.metrics.get(m) as number }] : [])) }));
}

function judgement(metric: SloMetric, percentile: number, targetMs: number, samples: number, met: number, histogram: LogHistogram): MetricJudgement {
  return { metric, percentile, targetMs, samples, met, attainment: samples > 0 ? met / samples : NaN, missPValue: missPValue(samples - met, samples, percentile), atSloMs: histogram.quantile(percentile / 100) };
}

function pointMissOf(j: MetricJudgement): boolean {
  return j.samples > 0 && j.attainment < j.percentile / 100 - 1e-12;
}

/** Met count and samples of metric m in one class cell (only the classes whose metric has this scope are pooled). */
function counts(c: Cell, m: SloMetric): { samples: number; met: number } {
  if (m === 'ttft') return { samples: c.requests, met: c.metTtft };
  if (m === 'tbt') return { samples: c.requests, met: c.metTbt };
  if (m === 'itl') return { samples: c.gaps, met: c.metItl };
  return { samples: c.requests, met: c.metE2e };
}

function targetMsOf(t: ClassTargets, m: SloMetric): number {
  if (m === 'ttft') return t.ttftMs;
  if (m === 'tbt') return t.tbtMs;
  if (m === 'itl') return t.itlMs ?? NaN;
  return t.e2eMs ?? NaN;
}

/** The window's pooled cell of a scope group: member cells' counts added up, each metric over the classes that pool it. */
function pooledCell(w: number, g: ScopeGroup, cells: readonly (Cell | undefined)[], targets: readonly ClassTargets[]): ScopeWindowResult | undefined {
  const members = g.classes.filter((k) => (cells[k]?.requests ?? 0) > 0);
  if (members.length === 0) return undefined;
  const latency = new LatencyHistograms();
  let requests = 0;
  let completed = 0;
  let rejected = 0;
  for (const k of members) {
    const c = cells[k] as Cell;
    latency.merge(cellLatency(c));
    requests += c.requests;
    completed += c.completed;
    rejected += c.rejected;
  }
  const judgements = g.metrics.map(({ metric, percentile }) => {
    const pooled = members.filter((k) => (targets[k]?.scope?.[metric] ?? 'class') !== 'class' && percentileOf(targets[k] as ClassTargets, metric) !== undefined);
    const histogram = new LogHistogram();
    let samples = 0;
    let met = 0;
    let targetMs = 0;
    for (const k of pooled) {
      const c = cells[k] as Cell;
      const n = counts(c, metric);
      samples += n.samples;
      met += n.met;
      histogram.merge(c[metric]);
      targetMs = Math.max(targetMs, targetMsOf(targets[k] as ClassTargets, metric));
    }
    return judgement(metric, percentile, targetMs, samples, met, histogram);
  });
  return {
    window: w,
    scope: g.scope,
    classIds: members.map((k) => (targets[k] as ClassTargets).classId),
    requests,
    completed,
    rejected,
    judgements,
    meetsSlo: judgements.every((j) => j.missPValue >= VERDICT_ALPHA),
    pointMiss: judgements.some(pointMissOf),
    lowSample: judgements.some((j) => j.samples < minJudgeableRequests(j.percentile)),
    latency: latencyQuantiles(latency),
  };
}
