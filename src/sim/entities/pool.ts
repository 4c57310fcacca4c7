/** A pool at run time: its spec, its instances this window, its router and its step table at the planned clock. */
import type { Router, PoolView } from '../routing/types.js';
import type { StepTable } from '../timing/stepTable.js';
import type { Instance } from './instance.js';
import type { PoolSpec } from './poolLayout.js';

export class Pool implements PoolView {
  constructor(
    readonly spec: PoolSpec,
    readonly instances: readonly Instance[],
    readonly router: Router,
    /** At the planned clock: for routing estimates and the governor's prefill check. */
    readonly steps: StepTable,
  ) {}

  get size(): number {
    return this.instances.length;
  }

  outstanding(i: number): number {
    return (this.instances[i] as Instance).outstanding;
  }

  pendingPromptTokens(i: number): number {
    return (this.instances[i] as Instance).pendingPromptTokens;
  }

  decoding(i: number): number {
    return (this.instances[i] as Instance).batch;
  }

  queuedPrefillMs(i: number): number {
    return (this.instances[i] as Instance).queuedPrefillMs;
  }
}
