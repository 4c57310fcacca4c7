/**
 * Run the reproduction runs and compute every figure: paper value, llmcap value, their ratio, and
 * whether llmcap's is within the tolerance. The runs are `compare` runs; this module only reads them.
 */
import { fileURLToPath } from 'node:url';
import { compareDesigns, selectDesigns, type Design, type DesignResult } from '../compare/index.js';
import { InternalError } from '../core/errors.js';
import { stepSourceFrom } from '../profiles/index.js';
import { fromScenarioFile, resolveObjective } from '../scenario/index.js';
import { FIGURES, REPRODUCTION_RUNS, TOLERANCE, type FigureDefinition, type ReproductionRun } from './figures.js';

export interface FigureOutcome {
  readonly figure: FigureDefinition;
  readonly slow: boolean;
  /** NaN when the run was not made (slow, left out) or a design had no plan. */
  readonly value: number;
  /** llmcap / paper: of the changes for 'change' figures, of the factors for 'ratio' ones. */
  readonly ratio: number;
  readonly within: boolean | undefined;
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Is llmcap's value within the tolerance of the paper's (of the saving itself, for a change)? */
export function withinTolerance(kind: FigureDefinition['kind'], paper: number, value: number): boolean | undefined {
  if (!Number.isFinite(value)) return undefined;
  return Math.abs(value / paper - 1) <= TOLERANCE + 1e-12;
}

export function figureOutcome(figure: FigureDefinition, slow: boolean, results: readonly DesignResult[] | undefined): FigureOutcome {
  const value = results ? figure.value(results) : Number.NaN;
  return { figure, slow, value, ratio: value / figure.paperValue, within: withinTolerance(figure.kind, figure.paperValue, value) };
}

export interface ReproduceOptions {
  /** Skip the slow runs (their figures come out without a value). */
  readonly fast?: boolean;
  /** Only these run ids. */
  readonly runs?: readonly string[];
  readonly onProgress?: (message: string) => void;
  /** Replay-and-repair rounds per design (default: each scenario's planning.repairRounds). */
  readonly repairRounds?: number;
}

/** One compare run, as `llmcap compare --scenario S --designs D --mode M --objective O --no-replay` plans it. */
export async function runReproduction(run: ReproductionRun, options: Pick<ReproduceOptions, 'repairRounds' | 'onProgress'> = {}): Promise<DesignResult[]> {
  const read = await fromScenarioFile(`${ROOT}${run.scenario}`);
  const objectived = run.objective ? { ...read, objective: resolveObjective(run.objective) } : read;
  const scenario = run.unboundedPower ? { ...objectived, power: { ...objectived.power, provisionedKW: Number.POSITIVE_INFINITY } } : objectived;
  const designs = run.designsFile ? namedFrom(await selectDesigns(`${ROOT}${run.designsFile}`), run.designs, run.designsFile) : await selectDesigns(/\.ya?ml$/i.test(run.designs) ? `${ROOT}${run.designs}` : run.designs);
  return compareDesigns(scenario, designs, {
    // The step model `compare` plans with by default: the built-in profile tables, with the scenario's fitted presets.
    steps: stepSourceFrom({}, scenario.hardware.calibration.map((ref) => ref.path)),
    mode: run.mode,
    replay: false,
    ...(options.repairRounds !== undefined ? { repairRounds: options.repairRounds } : {}),
    ...(options.onProgress ? { onProgress: (m: string) => options.onProgress?.(`${run.id}: ${m}`) } : {}),
  });
}

/** The designs of a file that a run names, in the run's order. */
function namedFrom(designs: readonly Design[], names: string, file: string): Design[] {
  return names.split(',').map((name) => {
    const design = designs.find((d) => d.name === name);
    if (!design) throw new InternalError(`reproduction run names design '${name}', which ${file} does not have`);
    return design;
  });
}

export async function reproduce(options: ReproduceOptions = {}): Promise<FigureOutcome[]> {
  const byRun = new Map<string, DesignResult[]>();
  for (const run of REPRODUCTION_RUNS) {
    if (options.fast && run.slow) continue;
    if (options.runs && !options.runs.includes(run.id)) continue;
    byRun.set(run.id, await runReproduction(run, options));
  }
  return FIGURES.map((f) => {
    const run = REPRODUCTION_RUNS.find((r) => r.id === f.run);
    return figureOutcome(f, run?.slow ?? false, byRun.get(f.run));
  });
}
