/**
 * A complete scenario from a trace: classes and demand fitted (fitClasses, fitDemand), the rest
 * filled with documented defaults shaped like scenarios/day.yaml, plus the notes that become the
 * file's comment block. Pure: statistics in, a ScenarioFile and notes out.
 */
import { modelIds, resolveModelId, suggestModelIds } from '../catalog/index.js';
import { InputError } from '../core/errors.js';
import type { ArrivalLaw, ScenarioFile } from '../scenario/index.js';
import { fitClasses, type FittedClass } from './fitClasses.js';
import { observedDemand, observedHorizon, repeatedDemand, repeatedHorizon, roundSig, type FittedHorizon } from './fitDemand.js';
import type { ServiceStats, TraceStats } from './traceStats.js';
import { WEEKLY_SHAPE_DEFAULTS, weeklyShape } from './weeklyShape.js';

export interface FitOptions {
  /** Scenario name (letters, digits, _ . -). */
  readonly name: string;
  /** The trace file, for messages and notes. */
  readonly file: string;
  readonly model?: string;
  /** A trace with a service column: fit only this service. A trace without: the service's name. */
  readonly service?: string;
  /** Name of an unnamed trace's service when `service` is not given. */
  readonly defaultServiceName: string;
  /** Stretch the trace over this many seconds with the weekly shape. */
  readonly repeatToS?: number;
  readonly diurnalB?: number;
  readonly weekendFactor?: number;
  /**
   * How the replay's arrivals are written (default 'auto'):
   * - 'empirical': the services' measured gap quantiles (simulation.gapQuantiles);
   * - 'gamma': a law fitted to the gaps' CV (Poisson when the CV is within the Poisson band);
   * - 'auto': 'empirical' when that CV is at least BURSTY_GAMMA_CV (a gamma law that bursty sends
   *   most requests at the same instant) and the trace has gaps to measure, 'gamma' otherwise.
   */
  readonly arrivals?: FitArrivals;
}

export type FitArrivals = 'auto' | 'empirical' | 'gamma';

export interface FittedService {
  readonly name: string;
  readonly requests: number;
  readonly classes: readonly FittedClass[];
  /** Inter-arrival CV within classes, request-weighted (NaN when unknown). */
  readonly classCv: number;
  /** For repeated fits: the fitted level, req/s per unit of shape. */
  readonly levelRps?: number;
}

export interface FittedScenario {
  readonly scenario: ScenarioFile;
  readonly horizon: FittedHorizon;
  readonly services: readonly FittedService[];
  readonly burstiness: number;
  readonly arrivals: ArrivalLaw;
  /** With empirical arrivals: the gap quantiles written, [probability, gap over the mean]. */
  readonly gapQuantiles?: readonly (readonly [number, number])[];
  /** Share of the fitted services' inter-arrival gaps under 1 ms (NaN without gaps). */
  readonly subMillisecondGaps: number;
  /** The weekly shape's parameters when the trace was repeated. */
  readonly repeat?: { readonly b: number; readonly weekendFactor: number };
}

/** Hardware, prices and the rest: the small A100/H100 set-up of scenarios/day.yaml. */
export const FIT_DEFAULTS = {
  model: 'Llama-2-70B',
  gpus: ['A100-80GB', 'H100-80GB'],
  tp: [4, 8] as (1 | 2 | 4 | 8)[],
  clocks: { count: 3, minFraction: 0.6 },
  ttftSlowdown: 6,
  tbtMs: 100,
  electricityDaily: [0.08, 0.08, 0.08, 0.08, 0.08, 0.08, 0.08, 0.08, 0.08, 0.08, 0.08, 0.08, 0.08, 0.08, 0.08, 0.08, 0.14, 0.14, 0.14, 0.14, 0.14, 0.08, 0.08, 0.08],
  carbonDaily: [380, 380, 380, 380, 380, 370, 350, 320, 290, 270, 255, 250, 250, 255, 270, 300, 340, 390, 420, 420, 410, 400, 390, 385],
  pue: 1.2,
  /** Inter-arrival CVs this close to 1 are treated as Poisson. */
  poissonCvBand: [0.9, 1.1],
} as const;

export function fitScenario(stats: TraceStats, options: FitOptions): FittedScenario {
  const model = resolveModelId(options.model ?? FIT_DEFAULTS.model);
  if (!model) {
    const close = suggestModelIds(options.model ?? '');
    throw new InputError({ field: '--model', message: `unknown model '${options.model}'`, fix: `use one of ${modelIds.join(', ')}${close[0] ? ` (did you mean '${close[0]}'?)` : ''}` });
  }
  const picked = pickServices(stats, options);
  const shape = options.repeatToS !== undefined ? weeklyShape(options.diurnalB ?? WEEKLY_SHAPE_DEFAULTS.b, options.weekendFactor ?? WEEKLY_SHAPE_DEFAULTS.weekendFactor) : undefined;
  const horizon = options.repeatToS !== undefined ? repeatedHorizon(stats, options.repeatToS, options.file) : observedHorizon(stats, options.file);

  const fitted: FittedService[] = [];
  const services: ScenarioFile['services'] = picked.map(({ stats: svc, name }) => {
    const classes = fitClasses(svc);
    const repeated = shape ? repeatedDemand(stats, svc, horizon, shape) : undefined;
    fitted.push({ name, requests: svc.requests, classes, classCv: weightedClassCv(svc), ...(repeated ? { levelRps: repeated.levelRps } : {}) });
    return {
      name,
      model,
      classes: {
        inputThresholds: [...stats.bins.inputThresholds],
        outputThresholds: [...stats.bins.outputThresholds],
        stats: Object.fromEntries(classes.map((c) => [c.name, c.stats])),
      },
      slo: {
        default: { ttft: { percentile: 99, slowdown: FIT_DEFAULTS.ttftSlowdown }, tbt: { percentile: 99, ms: FIT_DEFAULTS.tbtMs } },
        reference: { gpu: 'H100-80GB', tp: 8 },
      },
      demand: repeated ? repeated.demand : observedDemand(stats, svc),
    };
  });

  const cvs = fitted.filter((f) => Number.isFinite(f.classCv));
  const cv = cvs.length > 0 ? cvs.reduce((a, f) => a + f.classCv * f.requests, 0) / cvs.reduce((a, f) => a + f.requests, 0) : 1;
  const poisson = cv >= FIT_DEFAULTS.poissonCvBand[0] && cv <= FIT_DEFAULTS.poissonCvBand[1];
  const burstiness = poisson ? 1 : roundSig(cv, 3);
  const mode = options.arrivals ?? 'auto';
  const measured = picked.map((p) => p.stats);
  const empirical = mode === 'empirical' || (mode === 'auto' && !poisson && burstiness >= BURSTY_GAMMA_CV && hasGaps(measured));
  const gapQuantiles = empirical ? serviceGapQuantiles(measured, options.file) : undefined;
  const arrivals: ArrivalLaw = gapQuantiles ? 'empirical' : poisson ? 'poisson' : 'gamma';

  const scenario: ScenarioFile = {
    name: options.name,
    description: `Fitted by llmcap trace fit from ${baseName(options.file)} (${stats.rows.toLocaleString('en-US')} requests).`,
    horizon: { start: horizon.startIso, windows: horizon.windows, windowMinutes: horizon.windowS / 60 },
    services,
    hardware: { gpus: [...FIT_DEFAULTS.gpus], tp: [...FIT_DEFAULTS.tp], clocks: { ...FIT_DEFAULTS.clocks }, roles: ['mixed'] },
    prices: { electricityUsdPerKWh: { daily: [...FIT_DEFAULTS.electricityDaily] }, carbonGPerKWh: { daily: [...FIT_DEFAULTS.carbonDaily] }, carbonUsdPerTon: 0 },
    power: { pue: FIT_DEFAULTS.pue },
    simulation: gapQuantiles ? { seed: 1, arrivals, gapQuantiles: gapQuantiles.map(([q, g]) => [q, g]) } : { seed: 1, arrivals, burstiness },
    // DynamoLLM's SinglePool (one pool every class shares) inside the options: on the Azure code trace
    // over 24 h it passes its replay at half the cost of by-input-bin's repaired plan.
    planning: { pools: ['by-input-bin', 'shared'] },
    objective: 'cost',
    solver: { backend: 'highs', timeLimitSec: 60, mipGap: 0.01 },
  };
  return {
    scenario,
    horizon,
    services: fitted,
    burstiness,
    arrivals,
    ...(gapQuantiles ? { gapQuantiles } : {}),
    subMillisecondGaps: subMillisecondShare(picked.map((p) => p.stats)),
    ...(shape ? { repeat: { b: options.diurnalB ?? WEEKLY_SHAPE_DEFAULTS.b, weekendFactor: options.weekendFactor ?? WEEKLY_SHAPE_DEFAULTS.weekendFactor } } : {}),
  };
}

function pickServices(stats: TraceStats, options: FitOptions): { stats: ServiceStats; name: string }[] {
  const unnamed = stats.services.length === 1 && stats.services[0]?.name === '';
  if (unnamed) {
    const svc = stats.services[0] as ServiceStats;
    return [{ stats: svc, name: serviceName(options.service ?? options.defaultServiceName) }];
  }
  if (options.service !== undefined) {
    const svc = stats.services.find((s) => s.name === options.service);
    if (!svc) {
      throw new InputError({ file: options.file, field: '--service', message: `no service '${options.service}' in the trace`, fix: `use one of ${stats.services.map((s) => s.name).join(', ')}` });
    }
    return [{ stats: svc, name: serviceName(svc.name) }];
  }
  return stats.services.filter((s) => s.requests > 0).map((s) => ({ stats: s, name: serviceName(s.name) }));
}

/** Scenario service names allow letters, digits, _ . and -; anything else becomes _. */
function serviceName(name: string): string {
  const clean = name.replace(/[^A-Za-z0-9_.-]/g, '_');
  return clean === '' ? 'service' : clean;
}

function weightedClassCv(svc: ServiceStats): number {
  let sum = 0;
  let weight = 0;
  for (const c of svc.classes) {
    if (!Number.isFinite(c.interArrival.cv) || c.input.count < 3) continue;
    sum += c.interArrival.cv * c.input.count;
    weight += c.input.count;
  }
  return weight > 0 ? sum / weight : Number.NaN;
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** Probabilities at which `trace fit --arrivals empirical` writes the gaps' quantiles: dense in the tails, where bursts and pauses are. */
export const GAP_PROBABILITIES = [0, 0.01, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999, 1] as const;

/**
 * The services' inter-arrival gaps as multiples of each service's mean gap, at GAP_PROBABILITIES:
 * each service's quantiles, averaged over the services weighted by their gaps (one service: its own).
 * Rounded to 4 significant digits, never falling.
 */
function serviceGapQuantiles(services: readonly ServiceStats[], file: string): [number, number][] {
  const usable = services.filter(hasServiceGaps);
  if (usable.length === 0) throw new InputError({ file, field: '--arrivals', message: 'empirical arrivals need at least three requests of a service to measure its gaps', fix: 'use a longer trace, or leave out --arrivals' });
  const weight = usable.reduce((sum, s) => sum + (s.gaps?.count ?? 0), 0);
  let last = 0;
  return GAP_PROBABILITIES.map((p) => {
    const g = usable.reduce((sum, s) => sum + ((s.gaps?.count ?? 0) / weight) * ((s.gaps?.quantileS(p) ?? 0) / s.interArrival.meanS), 0);
    last = Math.max(last, roundSig(g, 4));
    return [p, last];
  });
}

function hasServiceGaps(s: ServiceStats): boolean {
  return (s.gaps?.count ?? 0) >= 2 && s.interArrival.meanS > 0;
}

function hasGaps(services: readonly ServiceStats[]): boolean {
  return services.some(hasServiceGaps);
}

/**
 * A gamma law whose CV is this large sends most requests in bursts at the same instant (its shape is
 * 1/cv²); `trace fit` says so when it writes one, beside the trace's own share of sub-ms gaps.
 */
export const BURSTY_GAMMA_CV = 2;

/** Share of the services' gaps under 1 ms. */
function subMillisecondShare(services: readonly ServiceStats[]): number {
  const counted = services.filter((s) => (s.gaps?.count ?? 0) > 0);
  const all = counted.reduce((sum, s) => sum + (s.gaps?.count ?? 0), 0);
  return all > 0 ? counted.reduce((sum, s) => sum + (s.gaps?.shareBelow(0.001) ?? 0) * (s.gaps?.count ?? 0), 0) / all : Number.NaN;
}

/** The caution a bursty gamma fit gets, in words (the YAML comment and `trace fit`'s output); undefined otherwise. */
export function burstyGammaNote(fit: FittedScenario): string | undefined {
  if (fit.arrivals !== 'gamma' || !(fit.burstiness >= BURSTY_GAMMA_CV)) return undefined;
  const share = Number.isFinite(fit.subMillisecondGaps) ? `; the trace has ${(fit.subMillisecondGaps * 100).toFixed(1)} % of its gaps under 1 ms` : '';
  return `gamma arrivals with burstiness ${fit.burstiness} match the gaps' CV only and send most requests in simultaneous bursts${share}: --arrivals empirical (the default, auto, for such a trace) replays the trace's own gaps (docs/traces.md)`;
}
