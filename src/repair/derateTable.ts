/**
 * The repair loop's corrections to the capacity model: per window, per config and class, the factor
 * by which the replay found the modelled capacity too high. Factors only grow (a repair never
 * loosens what an earlier round tightened), so the loop cannot oscillate.
 */
import type { CapacityDerate } from '../formulation/index.js';

export class DerateTable implements CapacityDerate {
  private readonly byWindow = new Map<number, Map<string, Map<number, number>>>();

  factor(w: number, configId: string, k: number): number {
    return this.byWindow.get(w)?.get(configId)?.get(k) ?? 1;
  }

  /** Multiply the factor of (w, config, class) by `by` (≥ 1). */
  tighten(w: number, configId: string, k: number, by: number): void {
    if (!(by >= 1)) throw new RangeError(`a capacity correction tightens by a factor ≥ 1, got ${by}`);
    let configs = this.byWindow.get(w);
    if (!configs) this.byWindow.set(w, (configs = new Map()));
    let classes = configs.get(configId);
    if (!classes) configs.set(configId, (classes = new Map()));
    classes.set(k, (classes.get(k) ?? 1) * by);
  }

  /** An independent copy (a round tries corrections before it keeps them). */
  copy(): DerateTable {
    const out = new DerateTable();
    for (const [w, configs] of this.byWindow) for (const [configId, ks] of configs) for (const [k, f] of ks) out.tighten(w, configId, k, f);
    return out;
  }

  signature(w: number): string {
    const configs = this.byWindow.get(w);
    if (!configs) return '';
    return JSON.stringify([...configs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([c, ks]) => [c, [...ks].sort(([a], [b]) => a - b)]));
  }

  /** (window, config, class) triples with a factor above 1. */
  get size(): number {
    let n = 0;
    for (const configs of this.byWindow.values()) for (const ks of configs.values()) n += ks.size;
    return n;
  }
}
