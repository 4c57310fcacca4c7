/**
 * The dynamic clock governor as a decision (throttLL'eM, arXiv:2408.05235; published-figures.md §3):
 * the lowest clock whose decode iteration, at the instance's projected batch and KV occupancy, keeps
 * the mean TBT within budget — the tightest TBT target of the classes the pool serves, less the share
 * of time the batch spends stalled by prefills — and whose prefill of the served classes' mean prompt
 * stays within GOVERNOR_TTFT_SHARE of their TTFT target (throttLL'eM does not throttle prefill apart,
 * so the clock must keep prefills fast enough too). If no clock qualifies, the highest allowed one.
 */
export const GOVERNOR_TTFT_SHARE = 0.5;
/** Headroom on the TBT budget for the iteration-time growth within one governor period. */
export const GOVERNOR_TBT_HEADROOM = 0.9;

export interface GovernorView {
  /** Clocks the governor may choose, ascending, all at or below the cap. */
  readonly clocksMHz: readonly number[];
  readonly tbtBudgetMs: number;
  /** Share of the last period the decode batch was stalled (prefills, clock changes), 0..1. */
  readonly stallShare: number;
  decodeMs(clockMHz: number): number;
  prefillFits(clockMHz: number): boolean;
}

export function governorClock(view: GovernorView): number {
  const budget = view.tbtBudgetMs * GOVERNOR_TBT_HEADROOM * (1 - Math.min(0.9, Math.max(0, view.stallShare)));
  for (const c of view.clocksMHz) {
    if (view.prefillFits(c) && view.decodeMs(c) <= budget) return c;
  }
  return view.clocksMHz[view.clocksMHz.length - 1] ?? NaN;
}

/** What the governor keeps per pool: the TBT budget, a typical context for an empty batch, and which clocks keep prefills fast enough. */
export interface PoolGovernorFacts {
  readonly tbtBudgetMs: number;
  readonly typicalContext: number;
  readonly prefillFits: Map<number, boolean>;
}
