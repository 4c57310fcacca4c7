/**
 * SLO-feasible request rate of one mixed instance (both phases, continuous batching) for one class.
 *
 * Model (first estimate; documented in README "Capacity model"):
 * - Prefills run one at a time and stall the decode batch while they run (no chunking), so the decode
 *   share of time is 1 − ρ with ρ = λ·t_prefill.
 * - Decode batch by Little's law: B = λ·O·TBT, with TBT = t_decode(B, context)/(1 − ρ); solved as a
 *   fixed point.
 * - TTFT at percentile p: own prefill + the decode iteration in flight + the p-quantile of the wait
 *   for earlier prefills, approximating the M/D/1 wait by an atom at zero (probability 1 − ρ) and an
 *   exponential tail with the Pollaczek–Khinchine mean.
 * - TBT at percentile p: a request's mean TBT grows with the prefills that land during its decode
 *   (a Poisson count, normal approximation at p).
 * - KV: the batch's mean context (input + output/2) must fit the instance's KV room.
 * The highest λ meeting all of them is found by bisection (each constraint tightens with λ).
 */
import { getGpu, getModel } from '../catalog/index.js';
import type { ConfigPoint, StepModel } from '../profiles/index.js';
import type { RequestClass } from '../scenario/index.js';
import { kvCapacityTokens } from './kvMemory.js';
import { normalQuantile } from './normalQuantile.js';
import type { BindingConstraint, ClassCapacity, Config, SloTargetsMs } from './types.js';

const BISECTION_STEPS = 40;
const FIXED_POINT_STEPS = 60;

interface LoadPoint {
  readonly feasible: boolean;
  readonly violated?: BindingConstraint;
  readonly batch: number;
  readonly ttftMs: number;
  readonly tbtMs: number;
  readonly powerW: number;
}

export function mixedCapacity(config: Config, cls: RequestClass, slo: SloTargetsMs, steps: StepModel): ClassCapacity {
  const point: ConfigPoint = { model: getModel(config.model), gpu: getGpu(config.gpu), tp: config.tp, clockMHz: config.clockMHz };
  const kvTokens = kvCapacityTokens(config);
  const outputTokens = Math.max(1, cls.output.mean);
  const context = cls.input.mean + outputTokens / 2;
  const base = { configId: config.id, classId: cls.id };
  const zero = (binding: BindingConstraint, ttftMs = 0, tbtMs = 0): ClassCapacity => ({
    ...base, maxRps: 0, binding, batchAtCapacity: 0, ttftMsAtCapacity: ttftMs, tbtMsAtCapacity: tbtMs, powerAtCapacityW: 0,
  });
  if (kvTokens < context) return zero('weights-do-not-fit');

  const idleW = steps.idlePowerW(point);
  const prefillMean = steps.prefill(point, cls.input.mean);
  const prefillTail = steps.prefill(point, slo.ttftCheckTokens);
  const tPre = prefillMean.time.totalMs / 1e3;
  const decodeAt = (batch: number) => steps.decode(point, Math.max(1, batch), context);
  const alone = decodeAt(1);
  const aloneTtft = prefillTail.time.totalMs;
  if (aloneTtft > slo.ttftMs) return zero('ttft-unloaded', aloneTtft, alone.time.totalMs);
  if (alone.time.totalMs > slo.tbtMs) return zero('tbt-unloaded', aloneTtft, alone.time.totalMs);

  const evaluate = (rps: number): LoadPoint => {
    const rho = rps * tPre;
    if (rho >= 1) return { feasible: false, violated: 'saturation', batch: Infinity, ttftMs: Infinity, tbtMs: Infinity, powerW: 0 };
    let batch = 1;
    let tDec = alone.time.totalMs / 1e3;
    for (let i = 0; i < FIXED_POINT_STEPS; i++) {
      const next = (rps * outputTokens * tDec) / (1 - rho);
      const step = decodeAt(next);
      tDec = step.time.totalMs / 1e3;
      if (Math.abs(next - batch) < 1e-6 * Math.max(1, batch)) { batch = next; break; }
      batch = next;
      if (batch > kvTokens) break; // diverging: memory binds long before
    }
    const decodeShare = 1 - rho;
    const tbtMean = tDec / decodeShare;
    const ttftMs = (prefillTail.time.totalMs / 1e3 + tDec + waitQuantile(rho, tPre, slo.ttftPercentile)) * 1e3;
    const stalls = (rps * outputTokens * tDec) / decodeShare;
    const z = normalQuantile(slo.tbtPercentile / 100);
    const stallsAtP = stalls + Math.max(0, z) * Math.sqrt(stalls);
    const tbtMs = (tDec + (stallsAtP * tPre) / outputTokens) * 1e3;
    // Decode iterations run while at least one request is decoding (Poisson count with mean `batch`).
    const busyDecode = decodeShare * (1 - Math.exp(-batch));
    const powerW = rho * prefillMean.powerW + busyDecode * decodeAt(batch).powerW + (1 - rho - busyDecode) * idleW;
    let violated: BindingConstraint | undefined;
    if (batch * context > kvTokens) violated = 'kv-memory';
    else if (ttftMs > slo.ttftMs) violated = 'ttft';
    else if (tbtMs > slo.tbtMs) violated = 'tbt';
    return { feasible: violated === undefined, violated, batch, ttftMs, tbtMs, powerW };
  };

  let lo = 0;
  let hi = 1 / tPre; // prefill saturation bounds the rate
  let best: LoadPoint | undefined;
  let binding: BindingConstraint = 'saturation';
  for (let i = 0; i < BISECTION_STEPS; i++) {
    const mid = (lo + hi) / 2;
    const p = evaluate(mid);
    if (p.feasible) { lo = mid; best = p; }
    else { hi = mid; binding = p.violated ?? 'saturation'; }
  }
  if (!best || lo <= 0) return zero(binding);
  return {
    ...base,
    maxRps: lo,
    binding,
    batchAtCapacity: best.batch,
    ttftMsAtCapacity: best.ttftMs,
    tbtMsAtCapacity: best.tbtMs,
    powerAtCapacityW: best.powerW,
  };
}

/** p-quantile (percent) of the prefill queueing delay, seconds. */
export function waitQuantile(rho: number, serviceS: number, percentile: number): number {
  const tail = 1 - percentile / 100;
  if (rho <= tail) return 0;
  const meanWait = (rho * serviceS) / (2 * (1 - rho)); // Pollaczek–Khinchine, deterministic service
  const meanIfWaiting = meanWait / rho;
  return meanIfWaiting * Math.log(rho / tail);
}
