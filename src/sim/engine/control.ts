/**
 * Control loops: the power monitor (samples row power every `sampleS`, records the window peak, and
 * applies POLCA capping levels after the policy's control delay) and the dynamic clock governor
 * (throttLL'eM: every `governorPeriodS`, each instance's lowest SLO-safe clock). Decisions come from
 * power/; this file applies them, and is the only one to change the control state (controlState.ts).
 */
import type { CappingLevel } from '../../scenario/index.js';
import { ROLE } from '../entities/instance.js';
import type { Pool } from '../entities/pool.js';
import { specPoint } from '../entities/poolLayout.js';
import { capClockMHz, capTargets } from '../power/capTargets.js';
import { nextCapLevel } from '../power/cappingPolicy.js';
import { GOVERNOR_TTFT_SHARE, governorClock, type PoolGovernorFacts } from '../power/governor.js';
import { wake } from './instanceProcess.js';
import { EV, PRIORITY, type Sim } from './sim.js';

export function scheduleFirstControls(sim: Sim): void {
  sim.kernel.schedule(sim.settings.sampleS, PRIORITY.sample, EV.sample, 0, 0);
  if (sim.settings.governor === 'dynamic') sim.kernel.schedule(0, PRIORITY.control, EV.governor, 0, 0);
}

export function onSample(sim: Sim, now: number): void {
  if (sim.current.ended) return;
  sim.fleet.advance(now);
  const dt = now - sim.sampler.lastS;
  if (dt > 0) {
    const meanW = sim.sampler.take(now, sim.fleet.energyJ);
    const w = Math.min(sim.settings.windowsCount - 1, Math.floor((now - dt / 2) / sim.settings.windowS));
    sim.ledger.samplePower(w, meanW);
    decideCapLevel(sim, meanW, now);
  }
  sim.kernel.schedule(now + sim.settings.sampleS, PRIORITY.sample, EV.sample, 0, 0);
}

function decideCapLevel(sim: Sim, meanW: number, now: number): void {
  const { capping, provisionedW } = sim.settings;
  if (!Number.isFinite(provisionedW) || capping.levels.length === 0) return;
  const desired = nextCapLevel(capping.levels, sim.capping.level, meanW / provisionedW, capping.releaseHysteresis);
  // Back to the level in force, the decision only cancels the pending change: nothing to schedule.
  const stamp = sim.capping.decide(desired);
  if (stamp === undefined) return;
  sim.kernel.schedule(now + capping.controlDelayS, PRIORITY.control, EV.capApply, desired, stamp);
}

export function isCapApplyStale(sim: Sim, stamp: number): boolean {
  return sim.capping.isSuperseded(stamp);
}

export function onCapApply(sim: Sim, level: number, now: number): void {
  if (sim.current.ended || level === sim.capping.level) return;
  closeCappedTime(sim, now);
  sim.capping.apply(level);
  applyCapLevel(sim, now);
}

/** Account the capped time up to now (at level changes and window boundaries). */
export function closeCappedTime(sim: Sim, now: number): void {
  const from = sim.capping.closeCappedTime(now);
  if (!Number.isNaN(from)) sim.ledger.addCapped(from, now);
}

/** Set every live instance's clock cap for the level in force (decode instances first). */
export function applyCapLevel(sim: Sim, now: number): void {
  const live = sim.instances.filter((i) => i.live);
  const level: CappingLevel | undefined = sim.capping.level > 0 ? sim.settings.capping.levels[sim.capping.level - 1] : undefined;
  const targets = level ? capTargets(live.map((i) => ({ id: i.id, role: i.role })), sim.settings.capping.maxCappedShare) : new Set<number>();
  for (const inst of live) {
    const cap = level && targets.has(inst.id) ? capClockMHz(inst.gpu.clockMHz.max.value, level.clockFraction, sim.scenario.hardware.clocksMHz[inst.gpu.id] ?? []) : Infinity;
    if (cap !== inst.capClockMHz) {
      inst.capClockMHz = cap;
      wake(sim, inst, now);
    }
  }
}

function poolFacts(sim: Sim, pool: Pool): PoolGovernorFacts {
  let f = sim.governorFacts.get(pool);
  if (f) return f;
  let budget = Infinity;
  let ctx = 0;
  let weight = 0;
  pool.spec.ratesRps.forEach((rps, k) => {
    if (!(rps > 0)) return;
    const cls = sim.scenario.classes[k];
    const t = sim.targets[k];
    if (!cls || !t) return;
    budget = Math.min(budget, t.tbtMs);
    ctx += rps * (cls.input.mean + cls.output.mean / 2);
    weight += rps;
  });
  f = { tbtBudgetMs: budget, typicalContext: weight > 0 ? ctx / weight : 1024, prefillFits: new Map() };
  sim.governorFacts.set(pool, f);
  return f;
}

function prefillFits(sim: Sim, pool: Pool, f: PoolGovernorFacts, clockMHz: number): boolean {
  let ok = f.prefillFits.get(clockMHz);
  if (ok !== undefined) return ok;
  const steps = sim.stepCache.get(specPoint(pool.spec, clockMHz));
  ok = true;
  pool.spec.ratesRps.forEach((rps, k) => {
    const cls = sim.scenario.classes[k];
    const t = sim.targets[k];
    if (!(rps > 0) || !cls || !t) return;
    if (steps.prefillMs(Math.round(cls.input.mean), 1) > GOVERNOR_TTFT_SHARE * t.ttftMs) ok = false;
  });
  f.prefillFits.set(clockMHz, ok);
  return ok;
}

export function onGovernorTick(sim: Sim, now: number): void {
  if (sim.current.ended) return;
  const period = sim.settings.governorPeriodS;
  for (const pool of sim.current.pools) {
    if (pool.spec.role === ROLE.prefill) continue;
    const f = poolFacts(sim, pool);
    const listed = sim.scenario.hardware.clocksMHz[pool.spec.gpu.id] ?? [];
    for (const inst of pool.instances) {
      const clocks = [...new Set([...listed, inst.plannedClockMHz])].filter((c) => c <= inst.capClockMHz).sort((a, b) => a - b);
      if (clocks.length === 0) continue;
      const batch = Math.max(1, Math.min(inst.engine.maxBatch, inst.batch + inst.waiting.length));
      const context = inst.batch > 0 ? inst.meanContextTokens() : f.typicalContext;
      const stallShare = (inst.stalledS - inst.stalledAtTickS) / period;
      inst.stalledAtTickS = inst.stalledS;
      const clock = governorClock({
        clocksMHz: clocks,
        tbtBudgetMs: f.tbtBudgetMs,
        stallShare,
        decodeMs: (c) => sim.stepCache.get(inst.pointAt(c)).decodeMs(batch, context),
        prefillFits: (c) => prefillFits(sim, pool, f, c),
      });
      if (clock !== inst.governorClockMHz) {
        inst.governorClockMHz = clock;
        wake(sim, inst, now);
      }
    }
  }
  sim.kernel.schedule(now + period, PRIORITY.control, EV.governor, 0, 0);
}

