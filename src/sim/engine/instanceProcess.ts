/**
 * An instance's process, as a small state machine driven by its step ends: at every iteration boundary
 * it (1) applies a pending clock change (a stall), (2) admits from its wait queue — decode joiners go
 * straight into the batch, prompts form one prefill pass (prefill first: the decode batch stalls for
 * it), (3) otherwise runs its decode batch. A decode run is ONE event: the iteration time is fixed at
 * the run's start (batch size and mean context then — an approximation: context grows a token per
 * iteration within the run) and the run ends at the next completion (finish heap top minus the
 * iteration counter). An arrival that can be admitted ends the run early, at the next iteration
 * boundary. Cost therefore grows with requests and batch changes, never with tokens.
 *
 * Maximum TBT: each run appends one gap to the instance's gap history (stalls since the batch's last
 * token, plus one iteration); a request's maximum is its own first gap or the largest entry since.
 */
import { kvBytesPerToken } from '../../catalog/index.js';

import { kvBlocksFor } from '../batching/admission.js';
import { joinsPrefillPass } from '../batching/prefillBatch.js';
import { ROLE, STATE, type Instance, type StateCode } from '../entities/instance.js';
import { SimInvariantError } from '../entities/invariant.js';
import { PHASE } from '../entities/requestTable.js';
import { kvTransferS } from '../timing/kvTransfer.js';
import { finishRequest, rejectRequest } from './requestEnd.js';
import { assignInstance, decodePool, decodeSaturated } from './routeRequest.js';
import { EV, PRIORITY, type Sim } from './sim.js';

/**
 * Set an instance's power from its GPUs' power (StepModel), at the wall: GPU power above bare idle draws
 * extra host power (fans, PSU losses, CPUs) in the catalog's hostLoadFactor proportion, as the planner
 * prices it. Zero for an instance that is off.
 */
export function setPower(sim: Sim, inst: Instance, gpuWatts: number, now: number): void {
  const watts = gpuWatts > 0 ? inst.bareIdleW + (gpuWatts - inst.bareIdleW) * inst.wallPerGpuW : 0;
  const delta = watts - inst.powerW;
  if (delta !== 0) {
    sim.fleet.addInstances(now, delta);
    inst.powerW = watts;
  }
}

function scheduleStepEnd(sim: Sim, inst: Instance, time: number): void {
  inst.version = (inst.version + 1) | 0;
  sim.kernel.schedule(time, PRIORITY.completion, EV.step, inst.id, inst.version);
}

/**
 * The fleet's static power: host power of the window's powered servers and the GPUs that hold no live
 * instance (never below zero while pre-staged and draining instances overlap at a boundary).
 */
export function refreshStaticPower(sim: Sim, now: number): void {
  let watts = 0;
  sim.layout.gpuTypes.forEach((g, i) => {
    const servers = g.serversByWindow[sim.current.index] ?? 0;
    const idleGpus = Math.max(0, servers * g.gpu.server.gpusPerServer.value - sim.live.gpus(i));
    watts += servers * g.hostW + idleGpus * g.gpu.idleW.value;
  });
  sim.fleet.setStatic(now, watts);
}

/** The instance takes its GPUs (they stop counting as idle GPUs of the fleet). */
export function goLive(sim: Sim, inst: Instance, now: number, state: StateCode): void {
  inst.live = true;
  sim.live.take(inst.gpuIndex, inst.tp);
  refreshStaticPower(sim, now);
  sim.live.ranAt(inst.steps.clockMHz);
  inst.state = state;
  setPower(sim, inst, inst.steps.idleW, now);
}

/** A re-sharding instance becomes ready after `delayS`. */
export function readyAfter(sim: Sim, inst: Instance, time: number): void {
  scheduleStepEnd(sim, inst, time);
}

function release(sim: Sim, inst: Instance, now: number): void {
  inst.live = false;
  inst.state = STATE.off;
  inst.version = (inst.version + 1) | 0;
  setPower(sim, inst, 0, now);
  sim.live.give(inst.gpuIndex, inst.tp);
  refreshStaticPower(sim, now);
}

function invariant(message: string, now: number, inst: Instance, slot?: number, sim?: Sim): never {
  const request = slot !== undefined && sim ? (sim.requests.id[slot] as number) : undefined;
  throw new SimInvariantError(message, { timeS: now, instance: inst.id, request });
}

/** Something arrived for the instance (a request, a joiner, freed KV, a clock target): act if it is waiting. */
export function wake(sim: Sim, inst: Instance, now: number): void {
  if (inst.state === STATE.idle) {
    step(sim, inst, now);
  } else if (inst.state === STATE.decode && !inst.runInterrupted) {
    if (headAdmissible(sim, inst) || inst.targetClockMHz() !== inst.steps.clockMHz) interruptRun(sim, inst, now);
  }
}

function headAdmissible(sim: Sim, inst: Instance): boolean {
  if (inst.waiting.length === 0) return false;
  const need = sim.requests.kvBlocks[inst.waiting.peek()] as number;
  return sim.admission(inst.kvFreeBlocks, inst.batch + inst.prefillCount, need, inst.engine.maxBatch);
}

/** End the current decode run at the next iteration boundary (arrivals, clock changes). */
function interruptRun(sim: Sim, inst: Instance, now: number): void {
  const T = inst.runIterS;
  let k = Math.ceil((now - inst.runStartS) / T - 1e-9);
  if (k < 0) k = 0;
  if (k >= inst.runIters) return;
  inst.runIters = k;
  inst.runInterrupted = true;
  scheduleStepEnd(sim, inst, Math.max(now, inst.runStartS + k * T));
}

export function onStepEnd(sim: Sim, inst: Instance, now: number): void {
  switch (inst.state) {
    case STATE.prefill:
      endPrefill(sim, inst, now);
      return;
    case STATE.decode:
    case STATE.hybrid:
      endRun(sim, inst, now);
      return;
    case STATE.stall:
      step(sim, inst, now);
      return;
    case STATE.starting:
      inst.state = STATE.idle;
      step(sim, inst, now);
      return;
    default:
      invariant(`step end in state ${inst.state}`, now, inst);
  }
}

/** At an iteration boundary with nothing running: decide the next step. */
export function step(sim: Sim, inst: Instance, now: number): void {
  if (inst.draining && inst.outstanding === 0) {
    release(sim, inst, now);
    return;
  }
  const target = inst.targetClockMHz();
  if (target !== inst.steps.clockMHz) {
    inst.steps = sim.stepCache.get(inst.pointAt(target));
    sim.live.ranAt(target);
    const stallS = sim.settings.clockChangeS;
    if (stallS > 0) {
      inst.state = STATE.stall;
      setPower(sim, inst, inst.steps.idleW, now);
      if (inst.batch > 0) inst.stalledS += stallS;
      scheduleStepEnd(sim, inst, now + stallS);
      return;
    }
  }
  if (inst.prefillCount > 0) {
    // A chunked prefill is under way: continue it alongside the batch, or finish it whole.
    if (inst.batch > 0) startHybrid(sim, inst, now);
    else startPrefill(sim, inst, now, Math.max(1, inst.prefillRemaining));
    return;
  }
  admit(sim, inst, now);
  if (inst.prefillCount > 0) {
    if (inst.engine.chunkTokens > 0 && inst.batch > 0 && inst.role === ROLE.mixed) startHybrid(sim, inst, now);
    else startPrefill(sim, inst, now, inst.prefillTokens);
    return;
  }
  if (inst.batch > 0) {
    startRun(sim, inst, now);
    return;
  }
  inst.state = STATE.idle;
  setPower(sim, inst, inst.steps.idleW, now);
}

/** Move admissible requests from the head of the wait queue: joiners into the batch, prompts into one prefill pass. */
function admit(sim: Sim, inst: Instance, now: number): void {
  const R = sim.requests;
  const { maxBatch, chunkTokens } = inst.engine;
  // A chunking engine admits as many prompt tokens as one step carries; one that prefills first, a pass's budget.
  const prefillTokenBudget = Math.max(sim.settings.prefillTokenBudget, chunkTokens);
  let n = 0;
  let tokens = 0;
  while (inst.waiting.length > 0) {
    const slot = inst.waiting.peek();
    const need = R.kvBlocks[slot] as number;
    if (!sim.admission(inst.kvFreeBlocks, inst.batch + n, need, maxBatch)) break;
    if (R.phase[slot] === PHASE.waitDecode) {
      inst.waiting.shift();
      inst.kvFreeBlocks -= need;
      if (inst.kvFreeBlocks < 0) invariant(`negative free KV (${inst.kvFreeBlocks} blocks)`, now, inst, slot, sim);
      R.queueS[slot] = (R.queueS[slot] as number) + (now - (R.queueStartS[slot] as number));
      joinBatch(inst, R, slot);
      continue;
    }
    if (inst.role === ROLE.decode && !sim.settings.overflow) invariant('a prompt queued at a decode-only instance', now, inst, slot, sim);
    const prompt = R.input[slot] as number;
    if (!joinsPrefillPass(n, tokens, prompt, prefillTokenBudget)) break;
    inst.waiting.shift();
    inst.kvFreeBlocks -= need;
    if (inst.kvFreeBlocks < 0) invariant(`negative free KV (${inst.kvFreeBlocks} blocks)`, now, inst, slot, sim);
    R.queueS[slot] = (R.queueS[slot] as number) + (now - (R.queueStartS[slot] as number));
    R.phase[slot] = PHASE.prefilling;
    inst.queuedPrefillMs -= R.prefillEstMs[slot] as number;
    inst.prefillSlots[n++] = slot;
    tokens += prompt;
  }
  inst.prefillCount = n;
  inst.prefillTokens = tokens;
  inst.prefillRemaining = tokens;
}

function joinBatch(inst: Instance, R: Sim['requests'], slot: number): void {
  // The prefill produced the first token; the decode batch produces the rest.
  const remaining = (R.output[slot] as number) - 1;
  R.phase[slot] = PHASE.decoding;
  R.joinIter[slot] = inst.iter;
  R.finishIter[slot] = inst.iter + remaining;
  R.firstGapS[slot] = NaN;
  inst.finish.push(inst.iter + remaining, slot);
  inst.ctxBase += (R.input[slot] as number) + 1 - inst.iter;
  inst.batch++;
  inst.justJoined.push(slot);
}

function startPrefill(sim: Sim, inst: Instance, now: number, tokens: number): void {
  const durationS = inst.steps.prefillMs(tokens, inst.prefillCount) / 1000;
  inst.state = STATE.prefill;
  setPower(sim, inst, inst.steps.prefillPowerW(tokens, inst.prefillCount), now);
  if (inst.batch > 0) inst.stalledS += durationS;
  scheduleStepEnd(sim, inst, now + durationS);
}

function endPrefill(sim: Sim, inst: Instance, now: number): void {
  finishPrefillBatch(sim, inst, now);
  step(sim, inst, now);
}

/** The prefill batch in progress is done: each of its requests gets its first token. */
function finishPrefillBatch(sim: Sim, inst: Instance, now: number): void {
  const n = inst.prefillCount;
  inst.prefillCount = 0;
  inst.prefillTokens = 0;
  inst.prefillRemaining = 0;
  for (let i = 0; i < n; i++) prefillDone(sim, inst, inst.prefillSlots[i] as number, now);
}

function prefillDone(sim: Sim, inst: Instance, slot: number, now: number): void {
  const R = sim.requests;
  R.firstTokenS[slot] = now;
  inst.pendingPromptTokens -= R.input[slot] as number;
  if ((R.output[slot] as number) <= 1) {
    inst.kvFreeBlocks += R.kvBlocks[slot] as number;
    inst.outstanding--;
    finishRequest(sim, slot, now, 0);
    return;
  }
  if (inst.role === ROLE.prefill) handOff(sim, inst, slot, now);
  else joinBatch(inst, R, slot);
}

/** Split pools: pick the decode instance and start the KV transfer; the prompt's KV stays here until it is sent. */
function handOff(sim: Sim, inst: Instance, slot: number, now: number): void {
  const R = sim.requests;
  const pool = decodePool(sim, slot);
  if (sim.settings.overflow && (!pool || decodeSaturated(sim, pool, slot)) && decodeHere(sim, inst, slot)) return;
  if (!pool) {
    inst.kvFreeBlocks += R.kvBlocks[slot] as number;
    inst.outstanding--;
    rejectRequest(sim, slot);
    return;
  }
  const target = assignInstance(sim, pool, slot, false);
  R.decodePool[slot] = pool.spec.label;
  R.decodeInstance[slot] = target.id;
  const linkGbps = Math.min(inst.gpu.networkGbpsPerServer.value, target.gpu.networkGbpsPerServer.value);
  const transferS = kvTransferS(R.input[slot] as number, kvBytesPerToken(inst.model), linkGbps);
  // TTFT includes the transfer's non-overlapped residue (the first token is usable once the decode side has the KV).
  R.firstTokenS[slot] = now + transferS;
  R.phase[slot] = PHASE.transferring;
  sim.kernel.schedule(now + transferS, PRIORITY.completion, EV.transfer, slot, 0);
}

/**
 * Overflow: the prefill instance keeps the request and decodes it, as a mixed instance would, when its
 * batch has room and it can reserve the output's KV on top of the prompt's; false when it cannot.
 */
function decodeHere(sim: Sim, inst: Instance, slot: number): boolean {
  const R = sim.requests;
  const whole = kvBlocksFor(ROLE.mixed, R.input[slot] as number, R.output[slot] as number);
  const extra = whole - (R.kvBlocks[slot] as number);
  if (inst.batch + inst.prefillCount >= sim.settings.maxBatch || extra > inst.kvFreeBlocks) return false;
  inst.kvFreeBlocks -= extra;
  R.kvBlocks[slot] = whole;
  sim.counts.decodeOverflow();
  joinBatch(inst, R, slot);
  return true;
}

/** The KV of a split request reached its decode instance. */
export function onTransferDone(sim: Sim, slot: number, now: number): void {
  const R = sim.requests;
  if (R.phase[slot] !== PHASE.transferring) throw new SimInvariantError(`transfer done in phase ${R.phase[slot]}`, { timeS: now, request: R.id[slot] as number });
  const src = sim.instances[R.instance[slot] as number] as Instance;
  const dst = sim.instances[R.decodeInstance[slot] as number] as Instance;
  src.kvFreeBlocks += R.kvBlocks[slot] as number;
  src.outstanding--;
  R.kvBlocks[slot] = kvBlocksFor(dst.role, R.input[slot] as number, R.output[slot] as number);
  R.phase[slot] = PHASE.waitDecode;
  R.queueStartS[slot] = now;
  dst.waiting.push(slot);
  wake(sim, dst, now);
  wake(sim, src, now);
}

function startRun(sim: Sim, inst: Instance, now: number): void {
  const context = inst.meanContextTokens();
  const n = inst.finish.topKey() - inst.iter;
  if (!(n >= 1)) invariant(`decode run with ${n} iterations left`, now, inst);
  const T = inst.steps.decodeMs(inst.batch, context) / 1000;
  if (!(T > 0)) invariant(`decode iteration time ${T * 1000} ms`, now, inst);
  inst.state = STATE.decode;
  inst.runStartS = now;
  inst.runIterS = T;
  inst.runIters = n;
  inst.runInterrupted = false;
  inst.runChunkTokens = 0;
  setPower(sim, inst, inst.steps.decodePowerW(inst.batch, context), now);
  scheduleStepEnd(sim, inst, now + n * T);
}

/**
 * Chunked prefill: the prompts being prefilled ride along the decode batch, `chunkTokens` per step, in
 * fused steps (StepModel.mixed: one weight read; each chunk token attends to its prompt, costed at the
 * batch's mean prompt length). Arrivals wait for the prompts in progress.
 */
function startHybrid(sim: Sim, inst: Instance, now: number): void {
  const perStep = inst.engine.chunkTokens;
  // Full chunks first, as one run of equal iterations; a last partial chunk is a run of its own (its step is shorter).
  const fullChunks = Math.floor(inst.prefillRemaining / perStep);
  const chunk = fullChunks > 0 ? perStep : inst.prefillRemaining;
  const context = inst.meanContextTokens();
  const it = inst.steps.mixed(inst.batch, context, chunk, inst.prefillTokens / Math.max(1, inst.prefillCount));
  const T = it.timeMs / 1000;
  const n = Math.min(Math.max(1, fullChunks), inst.finish.topKey() - inst.iter);
  if (!(n >= 1) || !(T > 0)) invariant(`hybrid run of ${n} iterations of ${it.timeMs} ms`, now, inst);
  inst.state = STATE.hybrid;
  inst.runStartS = now;
  inst.runIterS = T;
  inst.runIters = n;
  // Arrivals wait for the prefill in progress; they are admitted when it completes.
  inst.runInterrupted = true;
  inst.runChunkTokens = chunk;
  setPower(sim, inst, it.powerW, now);
  scheduleStepEnd(sim, inst, now + n * T);
}

function endRun(sim: Sim, inst: Instance, now: number): void {
  const R = sim.requests;
  const k = inst.runIters;
  const hybrid = inst.state === STATE.hybrid;
  if (k > 0) {
    inst.iter += k;
    const firstGapS = inst.runStartS - inst.lastIterEndS + inst.runIterS;
    if (inst.batch > inst.justJoined.length) inst.gaps.push(firstGapS);
    recordRunGaps(sim, inst, firstGapS, k);
    const secondTokenS = inst.runStartS + inst.runIterS;
    while (inst.justJoined.length > 0) {
      const s = inst.justJoined.shift();
      R.firstGapS[s] = secondTokenS - (R.firstTokenS[s] as number);
      R.gapFrom[s] = inst.gaps.next;
      recordJoinGaps(sim, inst, s, k);
    }
    inst.lastIterEndS = now;
    if (hybrid) inst.prefillRemaining -= k * inst.runChunkTokens;
  }
  while (inst.finish.size > 0 && inst.finish.topKey() <= inst.iter) {
    const s = inst.finish.topSlot();
    if (inst.finish.topKey() !== inst.iter) invariant(`completion missed: finish iteration ${inst.finish.topKey()} < counter ${inst.iter}`, now, inst, s, sim);
    inst.finish.pop();
    completeDecode(sim, inst, s, now);
  }
  if (hybrid && inst.prefillRemaining <= 0) finishPrefillBatch(sim, inst, now);
  step(sim, inst, now);
}

/** ITL of a run's tokens for the members that were in the batch before it: one gap after the last run (stalls included), then k − 1 iterations. */
function recordRunGaps(sim: Sim, inst: Instance, firstGapS: number, k: number): void {
  if (inst.decodeCells.size === 0) return;
  const classes = sim.targets.length;
  const cells = inst.decodeCells;
  for (let i = 0; i < cells.size; i++) {
    const cell = cells.keyAt(i);
    const members = cells.countAt(i);
    const w = Math.floor(cell / classes);
    const c = cell - w * classes;
    sim.ledger.tokenGaps(w, c, firstGapS * 1000, members);
    if (k > 1) sim.ledger.tokenGaps(w, c, inst.runIterS * 1000, members * (k - 1));
  }
}

/** ITL of a run's tokens for a request whose first token came from its prefill: that gap, then k − 1 iterations; from now on it is a member. */
function recordJoinGaps(sim: Sim, inst: Instance, slot: number, k: number): void {
  const R = sim.requests;
  // A one-token request has no gap; its finish iteration is its join iteration.
  if ((R.output[slot] as number) <= 1) return;
  const w = R.window[slot] as number;
  const c = R.cls[slot] as number;
  sim.ledger.tokenGaps(w, c, (R.firstGapS[slot] as number) * 1000, 1);
  if (k > 1) sim.ledger.tokenGaps(w, c, inst.runIterS * 1000, k - 1);
  inst.decodeCells.add(w * sim.targets.length + c);
}

function completeDecode(sim: Sim, inst: Instance, slot: number, now: number): void {
  const R = sim.requests;
  if ((R.output[slot] as number) > 1) {
    const cell = (R.window[slot] as number) * sim.targets.length + (R.cls[slot] as number);
    if (!inst.decodeCells.remove(cell)) invariant('a finishing request was not counted in its decode batch', now, inst, slot, sim);
  }
  const maxGapS = Math.max(R.firstGapS[slot] as number, inst.gaps.maxSince(R.gapFrom[slot] as number));
  inst.batch--;
  inst.ctxBase -= (R.input[slot] as number) + 1 - (R.joinIter[slot] as number);
  inst.kvFreeBlocks += R.kvBlocks[slot] as number;
  inst.outstanding--;
  if (inst.kvFreeBlocks > inst.kvTotalBlocks) invariant(`free KV ${inst.kvFreeBlocks} above the total ${inst.kvTotalBlocks} blocks`, now, inst, slot, sim);
  if (inst.batch === 0) inst.gaps.reset();
  finishRequest(sim, slot, now, maxGapS);
}
