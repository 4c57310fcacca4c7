/** Documented exit codes (README "Exit codes"). */
export const EXIT = {
  ok: 0,
  internalError: 1,
  badInput: 2,
  infeasible: 3,
  /** A solver limit was reached; the best plan found was written. */
  limitReached: 4,
  /** A solver limit was reached before any plan was found; nothing was written. */
  limitNoPlan: 5,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
