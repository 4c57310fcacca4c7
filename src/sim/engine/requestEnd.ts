/** The end of a request's story: its latencies go to the window ledger and, if sampled, to the request buffer. */
import { SimInvariantError } from '../entities/invariant.js';
import { PHASE } from '../entities/requestTable.js';
import type { StepTable } from '../timing/stepTable.js';
import type { ClassTargets } from '../types.js';
import type { Sim } from './sim.js';

function sampled(sim: Sim, requestId: number): boolean {
  const s = sim.sampling;
  return s.mode === 'all' || (s.mode === 'every' && requestId % s.n === 0);
}

function fillPlacement(sim: Sim, slot: number): void {
  const R = sim.requests;
  const rec = sim.record;
  rec.request = R.id[slot] as number;
  rec.arrivalS = R.arrivalS[slot] as number;
  rec.window = R.window[slot] as number;
  rec.classIndex = R.cls[slot] as number;
  rec.predictedClassIndex = R.predicted[slot] as number;
  rec.pool = (R.pool[slot] as number) + 1;
  rec.decodePool = (R.decodePool[slot] as number) + 1;
  rec.instance = R.instance[slot] as number;
  rec.decodeInstance = R.decodeInstance[slot] as number;
  rec.inputTokens = R.input[slot] as number;
  rec.outputTokens = R.output[slot] as number;
}

/** The request produced its last token at `now`; `maxGapS` is its longest gap between tokens. */
export function finishRequest(sim: Sim, slot: number, now: number, maxGapS: number): void {
  const R = sim.requests;
  const phase = R.phase[slot] as number;
  if (phase === PHASE.done || phase === PHASE.free) {
    throw new SimInvariantError('a request finished twice', { timeS: now, instance: R.instance[slot] as number, request: R.id[slot] as number });
  }
  R.phase[slot] = PHASE.done;
  const arrival = R.arrivalS[slot] as number;
  const first = R.firstTokenS[slot] as number;
  const out = R.output[slot] as number;
  const ttftMs = (first - arrival) * 1000;
  const e2eMs = (now - arrival) * 1000;
  const tbtMeanMs = out > 1 ? ((now - first) * 1000) / (out - 1) : 0;
  const tbtMaxMs = out > 1 ? maxGapS * 1000 : 0;
  const queueMs = (R.queueS[slot] as number) * 1000;
  if (!(ttftMs >= 0) || !(e2eMs >= ttftMs - 1e-9)) {
    throw new SimInvariantError(`inconsistent latencies (TTFT ${ttftMs} ms, E2E ${e2eMs} ms)`, { timeS: now, instance: R.instance[slot] as number, request: R.id[slot] as number });
  }
  const k = R.cls[slot] as number;
  const t = sim.targets[k] as ClassTargets;
  const input = R.input[slot] as number;
  // Slowdown SLOs are relative to the request's own latency alone on the class's reference config.
  const ttftTargetMs = t.ttftSlowdown === undefined ? t.ttftMs : t.ttftSlowdown * (sim.referenceSteps[k] as StepTable).prefillMs(input, 1);
  const tbtTargetMs = t.tbtSlowdown === undefined ? t.tbtMs : t.tbtSlowdown * (sim.referenceSteps[k] as StepTable).decodeMs(1, input + out / 2);
  // An E2E slowdown is over the request's own isolated latency: its prompt alone, then its output at the step time alone.
  const e2eTargetMs = t.e2eMs === undefined ? undefined : t.e2eSlowdown === undefined ? t.e2eMs : t.e2eSlowdown * ((sim.referenceSteps[k] as StepTable).prefillMs(input, 1) + Math.max(0, out - 1) * (sim.referenceSteps[k] as StepTable).decodeMs(1, input + out / 2));
  const met = sim.ledger.complete(R.window[slot] as number, k, ttftMs, ttftTargetMs, tbtMeanMs, tbtTargetMs, tbtMaxMs, queueMs, e2eMs, e2eTargetMs);
  sim.counts.completed();
  recordRequest(sim, slot, ttftMs, tbtMeanMs, tbtMaxMs, e2eMs, queueMs, met);
  R.free(slot);
}

/** The request cannot be served (no pool for it, or its KV exceeds what an instance holds). */
export function rejectRequest(sim: Sim, slot: number): void {
  const R = sim.requests;
  R.phase[slot] = PHASE.done;
  sim.ledger.reject(R.window[slot] as number, R.cls[slot] as number);
  sim.counts.rejected();
  recordRequest(sim, slot, NaN, NaN, NaN, NaN, NaN, false);
  R.free(slot);
}

/** Write the request's row to requests.arrow if it is sampled (latencies NaN for a rejected request). */
function recordRequest(sim: Sim, slot: number, ttftMs: number, tbtMeanMs: number, tbtMaxMs: number, e2eMs: number, queueMs: number, met: boolean): void {
  if (!sim.buffer || !sampled(sim, sim.requests.id[slot] as number)) return;
  fillPlacement(sim, slot);
  const rec = sim.record;
  rec.ttftMs = ttftMs;
  rec.tbtMeanMs = tbtMeanMs;
  rec.tbtMaxMs = tbtMaxMs;
  rec.e2eMs = e2eMs;
  rec.queueMs = queueMs;
  rec.sloMet = met ? 1 : 0;
  sim.buffer.push(rec);
}
