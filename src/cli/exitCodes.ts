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
  /** Interrupted by Ctrl-C (SIGINT, 128 + 2); temporaries removed, previous outputs intact. */
  interrupted: 130,
  /** Stopped by SIGTERM (128 + 15); same clean-up. */
  terminated: 143,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
