/**
 * Replayed vs planned energy over the covered windows, split into the static part (host power, GPUs
 * running no instance) and the pools' part, with notes on why they differ when they do by more than
 * ENERGY_NOTE_THRESHOLD.
 */
import type { ReplayEnergy, WindowResult } from '../types.js';

export const ENERGY_NOTE_THRESHOLD = 0.1;

const pct = (a: number, b: number) => (b > 0 ? ((a - b) / b) * 100 : NaN);
const f1 = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 1 });

export function energySummary(windows: readonly WindowResult[], tailKWh: number, rejected: number): ReplayEnergy {
  const sum = (f: (w: WindowResult) => number) => windows.reduce((s, w) => s + f(w), 0);
  const plannedKWh = sum((w) => w.plannedEnergyKWh);
  const replayedKWh = sum((w) => w.energyKWh);
  const plannedStaticKWh = sum((w) => w.plannedStaticEnergyKWh);
  const replayedStaticKWh = sum((w) => w.staticEnergyKWh);
  const differencePct = pct(replayedKWh, plannedKWh);
  const notes: string[] = [];
  if (Math.abs(differencePct) > ENERGY_NOTE_THRESHOLD * 100) {
    const poolsPlanned = plannedKWh - plannedStaticKWh;
    const poolsReplayed = replayedKWh - replayedStaticKWh;
    notes.push(`pools: replayed ${f1(poolsReplayed)} kWh vs planned ${f1(poolsPlanned)} kWh (${f1(pct(poolsReplayed, poolsPlanned))} %). The plan prices a pool's load linearly from idle power to the power at SLO capacity (capacity/mixedCapacity.ts); the replay integrates each step's power (prefill, decode at the actual batch, idle) over time.`);
    notes.push(`static: replayed ${f1(replayedStaticKWh)} kWh vs planned ${f1(plannedStaticKWh)} kWh (${f1(pct(replayedStaticKWh, plannedStaticKWh))} %). Pre-staged and draining instances hold their GPUs around window boundaries (instance idle power instead of GPU idle power).`);
    const worst = [...windows].sort((a, b) => Math.abs(pct(b.energyKWh, b.plannedEnergyKWh)) - Math.abs(pct(a.energyKWh, a.plannedEnergyKWh)))[0];
    if (worst) notes.push(`largest gap: window ${worst.window} (${worst.windowStart}), replayed ${f1(worst.energyKWh)} vs planned ${f1(worst.plannedEnergyKWh)} kWh.`);
    if (rejected > 0) notes.push(`${rejected.toLocaleString('en-US')} requests could not be served (no pool or too little KV room); their energy is missing from the replay.`);
  }
  return { plannedKWh, replayedKWh, differencePct, plannedStaticKWh, replayedStaticKWh, tailKWh, notes };
}
