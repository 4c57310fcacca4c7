/**
 * POLCA-style power capping as a decision (arXiv:2308.12908; published-figures.md §5): the row's power,
 * as a share of its provisioned power, selects a capping level — the highest level whose threshold it
 * reaches; a level is released only once power falls `hysteresis` below its threshold. Level 0 is
 * uncapped; level i applies `levels[i-1]`. The engine applies a decided change after the policy's
 * control delay.
 */
import type { CappingLevel } from '../../scenario/index.js';

export function nextCapLevel(levels: readonly CappingLevel[], current: number, powerFraction: number, hysteresis: number): number {
  let reached = 0;
  for (let i = 0; i < levels.length; i++) if (powerFraction >= (levels[i] as CappingLevel).atFraction) reached = i + 1;
  if (reached >= current) return reached;
  let level = current;
  while (level > reached && powerFraction < (levels[level - 1] as CappingLevel).atFraction - hysteresis) level--;
  return level;
}
