/**
 * A request's story from the trace: arrive → classify (true class; the router sees the predicted one)
 * → route (planned pool, or its overflow; then the pool's router) → queue at the instance. What follows — admit,
 * prefill, KV transfer, decode, finish — is the instance's process (instanceProcess.ts).
 */
import { kvBlocksFor } from '../batching/admission.js';
import { PHASE } from '../entities/requestTable.js';
import { rejectRequest } from './requestEnd.js';
import { wake } from './instanceProcess.js';
import { assignInstance, firstPool, overflowFirstPool } from './routeRequest.js';
import type { Sim } from './sim.js';

export function onArrival(sim: Sim, index: number, now: number, service: number, inputTokens: number, outputTokens: number): void {
  const svc = sim.serviceMap[service] ?? -1;
  const input = Math.max(1, inputTokens);
  const output = Math.max(1, outputTokens);
  const k = svc < 0 ? -1 : sim.classify(svc, input, output);
  if (k < 0) {
    sim.counts.unclassified();
    return;
  }
  const w = Math.floor(now / sim.settings.windowS);
  if (w >= sim.settings.windowsCount) {
    sim.counts.beyondHorizon();
    return;
  }
  const predicted = sim.predict(k);
  if (predicted !== k) sim.counts.mispredicted();
  sim.counts.simulated();

  const R = sim.requests;
  const slot = R.alloc();
  R.id[slot] = index;
  R.arrivalS[slot] = now;
  R.cls[slot] = k;
  R.predicted[slot] = predicted;
  R.window[slot] = w;
  R.input[slot] = input;
  R.output[slot] = output;
  R.pool[slot] = -1;
  R.decodePool[slot] = -1;
  R.instance[slot] = -1;
  R.decodeInstance[slot] = -1;
  R.queueS[slot] = 0;
  R.firstTokenS[slot] = NaN;
  R.kvBlocks[slot] = 0;
  R.prefillEstMs[slot] = 0;
  R.phase[slot] = PHASE.waitPrefill;
  sim.ledger.arrive(w, k);

  const planned = firstPool(sim, predicted);
  const pool = planned && overflowFirstPool(sim, planned);
  if (!pool) {
    rejectRequest(sim, slot);
    return;
  }
  R.pool[slot] = pool.spec.label;
  const need = kvBlocksFor(pool.spec.role, input, output);
  if (need > pool.spec.kvTotalBlocks) {
    rejectRequest(sim, slot);
    return;
  }
  const inst = assignInstance(sim, pool, slot, true);
  R.instance[slot] = inst.id;
  R.kvBlocks[slot] = need;
  R.queueStartS[slot] = now;
  if (pool.router.usesPrefillEstimate) {
    const est = pool.steps.prefillMs(input, 1);
    R.prefillEstMs[slot] = est;
    inst.queuedPrefillMs += est;
  }
  inst.waiting.push(slot);
  wake(sim, inst, now);
}
