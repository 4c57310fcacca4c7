/**
 * Per-window, per-class accounting in bounded memory: counts and log histograms for the windows still
 * open; a window is summarized and its histograms dropped once its time has passed (energy final) and
 * its last request finished. Requests belong to the window they arrive in.
 */
import type { ClassTargets, ClassWindowResult, WindowResult } from '../types.js';
import { LatencyHistograms, latencyQuantiles, type InputBin, type LatencyHistogramSet, type ReplayLatency } from './latencyQuantiles.js';
import { LogHistogram } from './logHistogram.js';
import { isJudgedCell, missPValue, VERDICT_ALPHA } from './significance.js';

class Cell {
  requests = 0;
  completed = 0;
  rejected = 0;
  metTtft = 0;
  metTbt = 0;
  metBoth = 0;
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
  }

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
  complete(w: number, k: number, ttftMs: number, ttftTargetMs: number, tbtMeanMs: number, tbtTargetMs: number, tbtMaxMs: number, queueMs: number, e2eMs: number): boolean {
    const c = this.cell(w, k);
    c.completed++;
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
    this.cell(w, k).itl.addMany(gapMs, count);
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
      const ttftMissPValue = missPValue(c.requests - c.metTtft, c.requests, t.ttftPercentile);
      const tbtMissPValue = missPValue(c.requests - c.metTbt, c.requests, t.tbtPercentile);
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
        pointMiss: ttftAttainment < t.ttftPercentile / 100 - 1e-12 || tbtAttainment < t.tbtPercentile / 100 - 1e-12,
        ttftMissPValue,
        tbtMissPValue,
        meetsSlo: ttftMissPValue >= VERDICT_ALPHA && tbtMissPValue >= VERDICT_ALPHA,
        lowSample: !isJudgedCell({ requests: c.requests, ttftPercentile: t.ttftPercentile, tbtPercentile: t.tbtPercentile }),
      });
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
    });
  }
}
