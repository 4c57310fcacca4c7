/**
 * The contract between the neutral StandardForm and one solver library. A backend translates the
 * StandardForm into its own input, runs, and maps its status through a table into a Termination.
 */
import type { StandardForm } from './standardForm.js';

export type BackendName = 'highs' | 'glpk' | 'jsl';

export type Termination =
  | 'optimal'
  | 'infeasible'
  | 'unbounded'
  | 'infeasible_or_unbounded'
  | 'time_limit'
  | 'iteration_limit'
  // The caller's stopping target was reached before the gap closed (SolveOptions.stopAtBound/stopAtObjective).
  | 'target_reached'
  | 'error';

export interface BackendCapabilities {
  readonly integers: boolean;
  /** Row duals for LPs. */
  readonly duals: boolean;
  readonly timeLimit: boolean;
  readonly mipGap: boolean;
  /** Reports a proven bound for MILPs (the best possible objective). */
  readonly dualBound: boolean;
  /** Honours stopAtBound, stopAtObjective and start (a MILP search can be stopped early and seeded with a plan). */
  readonly mipControl: boolean;
}

export interface SolveOptions {
  /** Default 'highs'. */
  backend?: BackendName;
  timeLimitSec?: number;
  /** Relative MIP gap at which the search may stop and call the incumbent optimal. Default 1e-4. */
  mipRelGap?: number;
  /**
   * Turn on the solver's own log. HiGHS lines go to onLog if given, else to stderr; GLPK prints to
   * stdout itself (glpk.js offers no hook); javascript-lp-solver has no log.
   */
  verbose?: boolean;
  /** Receives one summary line per solve (every backend), plus the solver log when verbose. */
  onLog?: (line: string) => void;
  /**
   * Minimisation MILPs: stop as soon as the proven bound reaches this value (the caller already holds
   * a plan that good from elsewhere, so more search cannot pay). Backends without mipControl ignore it.
   */
  stopAtBound?: number;
  /** Minimisation MILPs: stop as soon as a plan this good is found (the bound held elsewhere proves it good enough). */
  stopAtObjective?: number;
  /**
   * MILPs: stop after this many branch-and-bound nodes (termination 'iteration_limit'). Unlike a time
   * limit it is deterministic: the same model stops at the same point on any machine and under any
   * load. Backends without mipControl ignore it.
   */
  nodeLimit?: number;
  /**
   * A known plan to start the MILP search from (ignored without mipControl): one value per column, or
   * some columns only (column index → value; typically the integers), which the solver completes.
   */
  start?: Float64Array | ReadonlyMap<number, number>;
  /**
   * MILPs: what the search spends its effort on. 'bound': the caller holds a plan it trusts (usually
   * the start) and needs the proof, so the solver's improvement heuristics (sub-MIPs) and restarts are
   * left out. Backends without mipControl ignore it.
   */
  focus?: 'bound';
  /**
   * MILPs: told the best plan's objective (undefined before the first) and the proven bound as the
   * search goes, often (the caller throttles). For progress reports only: it cannot change the search,
   * so the result is the same with or without it. Backends without mipControl never call it.
   */
  onBounds?: (incumbent: number | undefined, bound: number) => void;
}

/** What a MILP search knows midway (for progress reports): its best plan, proven bound and their gap. */
export interface SearchDetail {
  /** Objective of the best plan found so far. */
  readonly incumbent?: number;
  /** Best proven bound on the objective. */
  readonly bound?: number;
  /** Relative gap between incumbent and bound (0.01 = 1 %). */
  readonly gap?: number;
}

/** Options after defaults: what a backend actually receives. */
export interface BackendRunOptions {
  /** +Infinity when no limit was asked for. */
  readonly timeLimitSec: number;
  readonly mipRelGap: number;
  readonly verbose: boolean;
  /** Where solver log lines go; undefined unless verbose. */
  readonly log: ((line: string) => void) | undefined;
  readonly stopAtBound: number | undefined;
  readonly stopAtObjective: number | undefined;
  readonly nodeLimit: number | undefined;
  readonly start: Float64Array | ReadonlyMap<number, number> | undefined;
  readonly focus: 'bound' | undefined;
  readonly onBounds: ((incumbent: number | undefined, bound: number) => void) | undefined;
}

/**
 * What a backend reports. The solve layer derives hasSolution, gap, row activities and timing, so
 * backends only say what they know.
 */
export interface BackendOutcome {
  readonly termination: Termination;
  /** The backend's own status words/codes, for people and bug reports. */
  readonly rawStatus: string;
  /** Column values, only when the backend returned a primal feasible point. */
  readonly x?: Float64Array;
  /** Objective including the constant; computed from x when omitted. */
  readonly objective?: number;
  /** Proven best-possible objective (MILP dual bound) if the backend knows one. */
  readonly bound?: number;
  /** ∂objective/∂(row bound) per row, LP only. */
  readonly rowDual?: Float64Array;
}

export interface Backend {
  readonly name: BackendName;
  readonly capabilities: BackendCapabilities;
  solve(sf: StandardForm, options: BackendRunOptions): Promise<BackendOutcome>;
}
