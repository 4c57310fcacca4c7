/**
 * Fit a preset's parameters to benchmark runs: least squares on log(model / measured) over every
 * measured quantity (latency, TTFT, ITL, power), Levenberg–Marquardt in log-parameter space (every
 * parameter stays positive and an efficiency stays ≤ 1), then an identifiability check on the
 * Jacobian at the solution: a parameter whose one-standard-error band is wider than ±10 % is not pinned
 * down by these runs, and the fit is refused for it. Pure: runs in, fitted values and residuals out.
 */
import { Matrix, SingularValueDecomposition, solve } from 'ml-matrix';
import type { GpuId } from '../catalog/index.js';
import {
  analyticStepModelWith, BUILT_IN_PARAMS, ENGINE_KEYS, paramsWithFitted, POWER_KEYS,
  FITTED_PRESET_FORMAT, type FitKey, type FittedPreset, type StackId, type StepModel,
} from '../profiles/index.js';
import { describeRun, observationsOf, predicted, predictRun, type BenchRun, type Observation } from './benchRun.js';

/** A parameter is pinned when its standard error (relative, one sigma) is at most this. */
export const MAX_RELATIVE_STD_ERROR = 0.1;
/** The residual scale the check assumes at least: a near-perfect fit must not make a loose parameter look pinned. */
export const NOISE_FLOOR = 0.02;
const MAX_ITERATIONS = 200;
const STEP = 1e-5;

export interface FitInput {
  readonly base: StackId;
  readonly runs: readonly BenchRun[];
  /** Parameters held at the base preset's values. */
  readonly fixed?: readonly FitKey[];
  /** Start values (default: the base preset's); the test of recovery starts elsewhere than the truth. */
  readonly start?: Readonly<Partial<Record<FitKey, number>>>;
}

export interface ParameterEstimate {
  readonly key: FitKey;
  readonly base: number;
  readonly value: number;
  /** One standard error, relative to the value (log-space), from the Jacobian and the residuals. */
  readonly relStdError: number;
  readonly atBound: boolean;
}

export interface ObservationResidual {
  readonly observation: Observation;
  readonly model: number;
  /** log(model / measured). */
  readonly logResidual: number;
}

export interface FitResult {
  readonly gpu: GpuId;
  readonly base: StackId;
  readonly parameters: readonly ParameterEstimate[];
  readonly residuals: readonly ObservationResidual[];
  /** Root-mean-square log residual, corrected for the parameters fitted (√(Σr² / (n − p))). */
  readonly rms: number;
  readonly iterations: number;
  /** Parameters the runs do not pin down (empty: the fit stands). */
  readonly unpinned: readonly ParameterEstimate[];
}

/** The parameters a fit moves: the base preset's non-zero engine terms, and the power terms when a run logged power. */
export function fitKeys(base: StackId, gpu: GpuId, runs: readonly BenchRun[], fixed: readonly FitKey[] = []): FitKey[] {
  const engine = BUILT_IN_PARAMS.engine(base, gpu);
  const keys: FitKey[] = ENGINE_KEYS.filter((k) => engine[k] > 0 && Number.isFinite(engine[k]));
  if (runs.some((r) => r.powerPerGpuW !== undefined)) keys.push(...POWER_KEYS);
  return keys.filter((k) => !fixed.includes(k));
}

export function baseValue(base: StackId, gpu: GpuId, key: FitKey): number {
  return (POWER_KEYS as readonly string[]).includes(key)
    ? (BUILT_IN_PARAMS.hardware(gpu) as unknown as Record<string, number>)[key] as number
    : (BUILT_IN_PARAMS.engine(base, gpu) as unknown as Record<string, number>)[key] as number;
}

const isEfficiency = (key: FitKey) => key.startsWith('eta') || key === 'kvReadEfficiency';

/** The preset with these values, as the object a preset file holds. */
export function fittedPreset(name: string, base: StackId, gpu: GpuId, values: Readonly<Partial<Record<FitKey, number>>>, fit?: unknown): FittedPreset {
  return { format: FITTED_PRESET_FORMAT, name, base, gpu, params: values, ...(fit !== undefined ? { fit } : {}) };
}

export function stepModelWith(base: StackId, gpu: GpuId, values: Readonly<Partial<Record<FitKey, number>>>): StepModel {
  return analyticStepModelWith(paramsWithFitted(BUILT_IN_PARAMS, [fittedPreset('candidate', base, gpu, values)]));
}

/** The runs' one GPU type (a preset file describes one). */
export function gpuOfRuns(runs: readonly BenchRun[]): GpuId {
  const gpus = [...new Set(runs.map((r) => r.setup.gpu))];
  if (gpus.length !== 1) throw new RangeError(`runs on ${gpus.length === 0 ? 'no' : gpus.join(' and ')} GPU types: fit one GPU type at a time`);
  return gpus[0] as GpuId;
}

/** Log residuals and their Jacobian in log-parameter space over a fixed set of observations. */
function residualModel(base: StackId, gpu: GpuId, keys: readonly FitKey[], observations: readonly Observation[]) {
  const valuesOf = (theta: readonly number[]) => Object.fromEntries(keys.map((k, i) => [k, Math.exp(theta[i] as number)])) as Partial<Record<FitKey, number>>;
  const residualsAt = (theta: readonly number[]): number[] => {
    const steps = stepModelWith(base, gpu, valuesOf(theta));
    const byRun = new Map<BenchRun, ReturnType<typeof predictRun>>();
    return observations.map((o) => {
      let p = byRun.get(o.run);
      if (!p) byRun.set(o.run, (p = predictRun(steps, base, o.run)));
      return Math.log(predicted(p, o.quantity) / o.measured);
    });
  };
  /** Forward differences; `upper` bounds make the step go inward, so an efficiency at 1 is differentiated where it is defined. */
  const jacobianAt = (theta: readonly number[], r0: readonly number[], upper?: readonly number[]): Matrix => {
    const J = new Matrix(observations.length, keys.length);
    keys.forEach((_, j) => {
      const h = upper !== undefined && (theta[j] as number) + STEP > (upper[j] as number) ? -STEP : STEP;
      const r = residualsAt(theta.map((t, i) => (i === j ? t + h : t)));
      r.forEach((v, i) => J.set(i, j, (v - (r0[i] as number)) / h));
    });
    return J;
  };
  return { valuesOf, residualsAt, jacobianAt };
}

/**
 * Cov(θ) = σ² (JᵀJ)⁻¹ through the SVD of J: one standard error per parameter (log space, i.e.
 * relative). A parameter no observation moves lies in a zero singular direction: an infinite error.
 */
function stdErrors(J: Matrix, sigma: number): number[] {
  const svd = new SingularValueDecomposition(J, { autoTranspose: true });
  const s = svd.diagonal;
  const V = svd.rightSingularVectors;
  const smax = Math.max(...s);
  return Array.from({ length: J.columns }, (_, k) => {
    let v = 0;
    s.forEach((sj, j) => {
      const w = V.get(k, j);
      if (w * w < 1e-24) return;
      v += sj > smax * 1e-10 ? (w * w) / (sj * sj) : Number.POSITIVE_INFINITY;
    });
    return sigma * Math.sqrt(v);
  });
}

/**
 * The standard errors a fit of these runs would reach if every measurement carried a relative noise
 * σ, at the base preset's values: what measure-plan checks its runs against before anyone runs them.
 */
export function expectedStdErrors(base: StackId, runs: readonly BenchRun[], sigma: number, fixed: readonly FitKey[] = []): { key: FitKey; relStdError: number }[] {
  const gpu = gpuOfRuns(runs);
  const keys = fitKeys(base, gpu, runs, fixed);
  const observations = runs.flatMap(observationsOf);
  if (observations.length <= keys.length) return keys.map((key) => ({ key, relStdError: Number.POSITIVE_INFINITY }));
  const model = residualModel(base, gpu, keys, observations);
  const theta = keys.map((k) => Math.log(baseValue(base, gpu, k)));
  const errors = stdErrors(model.jacobianAt(theta, model.residualsAt(theta)), sigma);
  return keys.map((key, i) => ({ key, relStdError: errors[i] as number }));
}

export function fitPreset(input: FitInput): FitResult {
  const gpu = gpuOfRuns(input.runs);
  const keys = fitKeys(input.base, gpu, input.runs, input.fixed);
  const observations = input.runs.flatMap(observationsOf);
  const bases = keys.map((k) => baseValue(input.base, gpu, k));
  const lower = bases.map((b) => Math.log(b / 100));
  const upper = keys.map((k, i) => (isEfficiency(k) ? 0 : Math.log((bases[i] as number) * 100)));
  const clamp = (theta: readonly number[]) => theta.map((t, i) => Math.min(upper[i] as number, Math.max(lower[i] as number, t)));
  const model = residualModel(input.base, gpu, keys, observations);
  const residualsAt = model.residualsAt;
  const jacobianAt = (theta: readonly number[], r0: readonly number[]) => model.jacobianAt(theta, r0, upper);

  const start = keys.map((k, i) => Math.log(input.start?.[k] ?? (bases[i] as number)));
  let theta = clamp(start);
  let r = residualsAt(theta);
  let cost = sumSquares(r);
  let lambda = 1e-3;
  let iterations = 0;
  for (; iterations < MAX_ITERATIONS && keys.length > 0; iterations++) {
    const J = jacobianAt(theta, r);
    const JtJ = J.transpose().mmul(J);
    const g = J.transpose().mmul(Matrix.columnVector(r));
    let improved = false;
    while (lambda < 1e12) {
      const A = JtJ.clone();
      for (let i = 0; i < keys.length; i++) A.set(i, i, JtJ.get(i, i) * (1 + lambda) + 1e-12);
      const delta = solve(A, g.clone().mul(-1), true).to1DArray();
      const next = clamp(theta.map((t, i) => t + (delta[i] as number)));
      const rn = residualsAt(next);
      const costN = sumSquares(rn);
      if (Number.isFinite(costN) && costN < cost) {
        const gain = cost - costN;
        theta = next;
        r = rn;
        cost = costN;
        lambda = Math.max(lambda / 3, 1e-9);
        improved = gain > 1e-12 * Math.max(1, cost);
        break;
      }
      lambda *= 4;
    }
    if (!improved) break;
  }

  // Standard errors from the Jacobian at the solution and the residuals' scale (at least the noise floor).
  const n = observations.length;
  const p = keys.length;
  const sigma = Math.max(NOISE_FLOOR, n > p ? Math.sqrt(cost / (n - p)) : Number.POSITIVE_INFINITY);
  const errors = p > 0 && n > p ? stdErrors(jacobianAt(theta, r), sigma) : keys.map(() => Number.POSITIVE_INFINITY);
  const parameters: ParameterEstimate[] = keys.map((key, i) => ({
    key,
    base: bases[i] as number,
    value: Math.exp(theta[i] as number),
    relStdError: errors[i] as number,
    atBound: Math.abs((theta[i] as number) - (lower[i] as number)) < 1e-9 || (Math.abs((theta[i] as number) - (upper[i] as number)) < 1e-9 && !isEfficiency(key)),
  }));
  const residuals = observations.map((observation, i) => {
    const logResidual = r[i] as number;
    return { observation, logResidual, model: observation.measured * Math.exp(logResidual) };
  });
  return {
    gpu,
    base: input.base,
    parameters,
    residuals,
    rms: n > p ? Math.sqrt(cost / (n - p)) : Number.NaN,
    iterations,
    unpinned: parameters.filter((q) => !(q.relStdError <= MAX_RELATIVE_STD_ERROR) || q.atBound),
  };
}

/**
 * The candidate runs that move a parameter most (|∂ log model / ∂ log parameter| over their
 * quantities), best first: what to run to pin it down.
 */
export function runsThatPin(base: StackId, key: FitKey, values: Readonly<Partial<Record<FitKey, number>>>, candidates: readonly BenchRun[], count = 2): { run: BenchRun; sensitivity: number }[] {
  if (candidates.length === 0) return [];
  const gpu = gpuOfRuns(candidates);
  const at = { ...values };
  const v0 = at[key] ?? baseValue(base, gpu, key);
  const s0 = stepModelWith(base, gpu, { ...at, [key]: v0 });
  const s1 = stepModelWith(base, gpu, { ...at, [key]: v0 * Math.exp(0.05) });
  const scored = candidates.map((run) => {
    const p0 = predictRun(s0, base, run);
    const p1 = predictRun(s1, base, run);
    const sensitivity = Math.max(...observationsOf({ ...run, powerPerGpuW: 1 }).map((o) => Math.abs(Math.log(predicted(p1, o.quantity) / predicted(p0, o.quantity)) / 0.05)));
    return { run, sensitivity };
  });
  return scored.filter((s) => s.sensitivity > 0.05).sort((a, b) => b.sensitivity - a.sensitivity).slice(0, count);
}

export function describeUnpinned(q: ParameterEstimate): string {
  if (q.atBound) return `${q.key} ran into its bound (${fmtValue(q.value)}; base ${fmtValue(q.base)}): the runs push it out of any plausible range`;
  return Number.isFinite(q.relStdError)
    ? `${q.key} is known only to ±${(q.relStdError * 100).toFixed(0)} % (one standard error; the fit needs ±${MAX_RELATIVE_STD_ERROR * 100} %)`
    : `${q.key} is not moved by any of these runs`;
}

export const fmtValue = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(3) : v.toPrecision(3));

export { describeRun };

function sumSquares(r: readonly number[]): number {
  let s = 0;
  for (const v of r) s += v * v;
  return Number.isFinite(s) ? s : Number.POSITIVE_INFINITY;
}
