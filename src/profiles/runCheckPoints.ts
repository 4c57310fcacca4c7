/** Evaluate the published check points against a StepModel (default: the analytic model). */
import { CHECK_POINTS, type CheckPoint } from './checkPoints.js';
import { analyticStepModel, type StepModel } from './stepModel.js';

export type CheckStatus = 'pass' | 'fail' | 'known miss';

export interface CheckResult {
  readonly point: CheckPoint;
  readonly model: number;
  /** model / published − 1. */
  readonly error: number;
  readonly withinTolerance: boolean;
  /** 'known miss' when the point is documented as unreachable and indeed missed. */
  readonly status: CheckStatus;
}

export function runCheckPoints(steps: StepModel = analyticStepModel, points: readonly CheckPoint[] = CHECK_POINTS): CheckResult[] {
  return points.map((point) => {
    const model = point.evaluate(steps);
    const t = point.tolerance;
    const withinTolerance = t.kind === 'relative' ? Math.abs(model / point.published - 1) <= t.within + 1e-12 : model >= t.min - 1e-12 && model <= t.max + 1e-12;
    const status: CheckStatus = withinTolerance ? 'pass' : point.knownMiss ? 'known miss' : 'fail';
    return { point, model, error: model / point.published - 1, withinTolerance, status };
  });
}

export function toleranceText(point: CheckPoint): string {
  const t = point.tolerance;
  return t.kind === 'relative' ? `±${(t.within * 100).toFixed(0)} %` : `${t.min}–${t.max}`;
}
