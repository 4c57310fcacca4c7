/**
 * Window boundaries apply the next window's pools. Reconfiguration costs (README "Replay"):
 * - new instances are pre-staged `instanceStartS` before the boundary (weights cached, engine
 *   started ahead, as DynamoLLM does) — they draw idle power meanwhile and serve from the boundary;
 * - a change of TP on the same GPUs (re-shard) makes the new instance serve `reshardS` after it;
 * - a clock change on a kept instance stalls it `clockChangeMs` at its next iteration boundary;
 * - instances no longer planned drain: no new requests, they finish what they hold, then go off.
 * This file is the only one to change the current window (currentWindow.ts), and it creates the instances.
 */
import type { Instance } from '../entities/instance.js';
import { STATE } from '../entities/instance.js';
import { Pool } from '../entities/pool.js';
import { specPoint, type PoolSpec } from '../entities/poolLayout.js';
import { planTransition, SOURCE_NEW, SOURCE_RESHARD, type Transition } from '../entities/transition.js';
import { Instance as InstanceClass } from '../entities/instance.js';
import { classRoutes } from '../routing/classRoutes.js';
import { ROUTERS } from '../routing/registry.js';
import { goLive, readyAfter, refreshStaticPower, step, wake } from './instanceProcess.js';
import { applyCapLevel, closeCappedTime } from './control.js';
import type { Sim } from './sim.js';

function createInstance(sim: Sim, spec: PoolSpec): Instance {
  const steps = sim.stepCache.get(specPoint(spec));
  const engine = { stack: spec.stack, precision: spec.precision, maxBatch: spec.engine.maxBatch, chunkTokens: spec.engine.chunkedPrefill ? spec.engine.chunkTokens : 0 };
  const inst = new InstanceClass(sim.instances.length, spec.role, spec.model, spec.gpu, spec.gpuIndex, spec.tp, spec.kvTotalBlocks, spec.clockMHz, steps, engine);
  sim.addInstance(inst);
  return inst;
}

function installPools(sim: Sim, window: number, lists: readonly Instance[][]): void {
  const specs = sim.layout.windows[window]?.pools ?? [];
  const router = ROUTERS[sim.settings.router];
  const pools = specs.map((spec, i) => {
    const instances = lists[i] ?? [];
    for (const inst of instances) {
      inst.poolIndex = i;
      inst.poolLabel = spec.label;
      inst.plannedClockMHz = spec.clockMHz;
    }
    return new Pool(spec, instances, router(sim.routerRng), sim.stepCache.get(specPoint(spec)));
  });
  sim.current.install(window, pools, classRoutes(sim.scenario, specs));
}

/** Hand the window's energy (the fleet integrated up to now) to the ledger; the next window's starts here. */
export function closeWindow(sim: Sim, window: number, now: number): void {
  sim.fleet.advance(now);
  const energy = sim.current.closeEnergy(sim.fleet);
  sim.ledger.finishWindow(window, energy.totalJ, energy.staticJ);
}

/** Window 0's pools, running from the start. */
export function startFirstWindow(sim: Sim): void {
  const specs = sim.layout.windows[0]?.pools ?? [];
  const lists = specs.map((spec) => Array.from({ length: spec.instances }, () => {
    const inst = createInstance(sim, spec);
    goLive(sim, inst, 0, STATE.idle);
    return inst;
  }));
  installPools(sim, 0, lists);
}

function currentTransition(sim: Sim, window: number): Transition {
  const existing = sim.current.pools.flatMap((p) => p.instances.map((inst) => ({ id: inst.id, configKey: p.spec.configKey, shapeKey: p.spec.shapeKey, familyKey: p.spec.familyKey })));
  return planTransition(existing, sim.layout.windows[window]?.pools ?? []);
}

/** Start loading the instances the next window adds. */
export function onPrestage(sim: Sim, window: number, now: number): void {
  if (sim.current.ended) return;
  const transition = currentTransition(sim, window);
  const specs = sim.layout.windows[window]?.pools ?? [];
  const fresh = specs.map((spec, p) => {
    const created: Instance[] = [];
    for (const src of transition.sources[p] ?? []) {
      if (src !== SOURCE_NEW) continue;
      const inst = createInstance(sim, spec);
      goLive(sim, inst, now, STATE.starting);
      created.push(inst);
    }
    return created;
  });
  sim.current.stage({ window, transition, fresh });
}

export function onBoundary(sim: Sim, window: number, now: number): void {
  if (sim.current.ended) return;
  closeWindow(sim, window - 1, now);
  closeCappedTime(sim, now);

  if (sim.current.staged?.window !== window) onPrestage(sim, window, now);
  const pending = sim.current.takeStaged();
  if (!pending) return;
  const specs = sim.layout.windows[window]?.pools ?? [];
  const woken: Instance[] = [];
  const lists = specs.map((spec, p) => {
    const fresh = [...(pending.fresh[p] ?? [])];
    const list: Instance[] = [];
    for (const src of pending.transition.sources[p] ?? []) {
      if (src >= 0) {
        const inst = sim.instances[src] as Instance;
        list.push(inst);
        woken.push(inst);
      } else if (src === SOURCE_NEW) {
        const inst = fresh.shift() as Instance;
        inst.state = STATE.idle;
        list.push(inst);
        woken.push(inst);
      } else if (src === SOURCE_RESHARD) {
        const inst = createInstance(sim, spec);
        goLive(sim, inst, now, STATE.starting);
        readyAfter(sim, inst, now + sim.settings.reshardS);
        list.push(inst);
      }
    }
    return list;
  });
  for (const id of pending.transition.drained) {
    const inst = sim.instances[id] as Instance;
    inst.draining = true;
    inst.poolIndex = -1;
    woken.push(inst);
  }
  installPools(sim, window, lists);
  refreshStaticPower(sim, now);
  applyCapLevel(sim, now);
  for (const inst of woken) {
    if (inst.state === STATE.idle) step(sim, inst, now);
    else wake(sim, inst, now);
  }
}
