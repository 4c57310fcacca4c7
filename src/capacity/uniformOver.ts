/** Chance that a delay uniform over [0, span] exceeds a slack (1 when the slack is gone, 0 past the span). */
export function uniformOver(slack: number, span: number): number {
  if (slack <= 0) return 1;
  if (slack >= span) return 0;
  return 1 - slack / span;
}
