/**
 * Request classes of a trace: input × output token bins, named and ranged exactly as scenarios do
 * (scenario/resolveClasses: S < t1 ≤ M < t2 ≤ L), so fitted classes drop into a scenario unchanged.
 */
import { binLabels, binRanges } from '../scenario/index.js';

export interface ClassBins {
  readonly inputThresholds: readonly number[];
  readonly outputThresholds: readonly number[];
  /** Class names, input bin major: SS, SM, SL, MS, … */
  readonly names: readonly string[];
  readonly inputRanges: readonly (readonly [number, number])[];
  readonly outputRanges: readonly (readonly [number, number])[];
  /** Class index of a request. */
  classOf(inputTokens: number, outputTokens: number): number;
}

export function classBins(inputThresholds: readonly number[], outputThresholds: readonly number[]): ClassBins {
  const inRanges = binRanges(inputThresholds);
  const outRanges = binRanges(outputThresholds);
  const inLabels = binLabels(inRanges.length);
  const outLabels = binLabels(outRanges.length);
  const names = inLabels.flatMap((i) => outLabels.map((o) => i + o));
  const inEdges = Float64Array.from(inputThresholds);
  const outEdges = Float64Array.from(outputThresholds);
  const nOut = outRanges.length;
  return {
    inputThresholds,
    outputThresholds,
    names,
    inputRanges: inRanges.flatMap((r) => outRanges.map(() => r)),
    outputRanges: inRanges.flatMap(() => outRanges),
    classOf: (input, output) => binOf(inEdges, input) * nOut + binOf(outEdges, output),
  };
}

/** Number of edges ≤ value: the bin of a [lo, hi) partition. Edges are few; a scan beats a search. */
function binOf(edges: Float64Array, value: number): number {
  let i = 0;
  while (i < edges.length && value >= (edges[i] as number)) i++;
  return i;
}
