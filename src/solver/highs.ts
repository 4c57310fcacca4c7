/**
 * HiGHS (WASM) backend via the persistent model API: the StandardForm's CSR arrays are passed to
 * HiGHS as they are. That skips generating and parsing ~MBs of LP text for 50k-row models and
 * sidesteps naming rules entirely (HiGHS never sees a name).
 */
import type { Highs, HighsCallbackMap, Model as HighsModel, ModelData, ModelStatusCode } from 'highs';
import type { Backend, BackendOutcome, BackendRunOptions, Termination } from './backend.js';
import { defaultExportFunction, once } from './lazyModule.js';
import { hasIntegers, numCols, numRows, type StandardForm } from './standardForm.js';

const loadHighs = once(async (): Promise<Highs> => {
  const loader = defaultExportFunction<() => Promise<Highs>>(await import('highs'), 'highs');
  return loader();
});

/** HiGHS model status code → [its name, our termination]. Anything not listed is an error. */
const STATUS_TABLE: Readonly<Record<ModelStatusCode, readonly [string, Termination]>> = {
  0: ['NotSet', 'error'],
  1: ['LoadError', 'error'],
  2: ['ModelError', 'error'],
  3: ['PresolveError', 'error'],
  4: ['SolveError', 'error'],
  5: ['PostsolveError', 'error'],
  // Empty models never reach a backend (solve.ts answers them), so 'Empty' here is unexpected.
  6: ['ModelEmpty', 'error'],
  7: ['Optimal', 'optimal'],
  8: ['Infeasible', 'infeasible'],
  9: ['UnboundedOrInfeasible', 'infeasible_or_unbounded'],
  10: ['Unbounded', 'unbounded'],
  // We never set objective_bound / objective_target / solution limits, nor interrupt.
  11: ['ObjectiveBound', 'error'],
  12: ['ObjectiveTarget', 'error'],
  13: ['TimeLimit', 'time_limit'],
  14: ['IterationLimit', 'iteration_limit'],
  15: ['Unknown', 'error'],
  // Of HiGHS's node, leaf and solution limits only mip_max_nodes (SolveOptions.nodeLimit) is set.
  16: ['SolutionLimit', 'iteration_limit'],
  // We interrupt only when stopAtBound or stopAtObjective is reached.
  17: ['Interrupted', 'target_reached'],
};

const PRIMAL_FEASIBLE = 2; // highs.constants.solutionStatus.feasible

function toModelData(highs: Highs, sf: StandardForm): ModelData {
  const n = numCols(sf);
  const m = numRows(sf);
  return {
    numCols: n,
    numRows: m,
    sense: sf.sense === 'max' ? highs.constants.objectiveSense.maximize : highs.constants.objectiveSense.minimize,
    offset: sf.objectiveConstant,
    colCost: sf.objective,
    colLower: sf.colLower,
    colUpper: sf.colUpper,
    rowLower: sf.rowLower,
    rowUpper: sf.rowUpper,
    matrix: { format: 'csr', numRows: m, numCols: n, starts: sf.rowStart, indices: sf.colIndex, values: sf.value },
    // Omitting integrality keeps a pure LP an LP, so HiGHS returns duals.
    ...(hasIntegers(sf) ? { integrality: Int32Array.from(sf.integer) } : {}),
  };
}

/** HiGHS log callbacks deliver fragments; re-cut them into whole lines. */
function lineSplitter(emit: (line: string) => void): { push(text: string): void; flush(): void } {
  let pending = '';
  return {
    push(text: string): void {
      pending += text;
      let nl = pending.indexOf('\n');
      while (nl >= 0) {
        emit(pending.slice(0, nl));
        pending = pending.slice(nl + 1);
        nl = pending.indexOf('\n');
      }
    },
    flush(): void {
      if (pending.length > 0) emit(pending);
      pending = '';
    },
  };
}

function finiteInfo(model: HighsModel, name: string): number | undefined {
  try {
    const v = Number(model.info.get(name));
    return Number.isFinite(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

function runModel(highs: Highs, model: HighsModel, sf: StandardForm, options: BackendRunOptions): BackendOutcome {
  const log = options.log;
  model.options.set({
    output_flag: log !== undefined,
    log_to_console: false,
    mip_rel_gap: options.mipRelGap,
    // Explicit seed: same model → same search path → same answer.
    random_seed: 0,
  });
  if (Number.isFinite(options.timeLimitSec)) model.options.set('time_limit', options.timeLimitSec);
  if (options.nodeLimit !== undefined) model.options.set('mip_max_nodes', options.nodeLimit);
  // A proof from a trusted plan: HiGHS's sub-MIP heuristics (RENS, RINS, the root's reduced-cost
  // fixing) and restarts search for better plans. On week.yaml's hardest window they were 2.8 of its
  // 4.9 s, for no better plan.
  if (options.focus === 'bound') {
    model.options.set({ mip_heuristic_effort: 0, mip_allow_restart: false, mip_heuristic_run_rens: false, mip_heuristic_run_rins: false, mip_heuristic_run_root_reduced_cost: false });
  }

  const isMip = hasIntegers(sf);
  const start = options.start;
  if (isMip && start instanceof Float64Array) model.setSolution({ colValue: start });
  else if (isMip && start !== undefined && !(start instanceof Float64Array) && start.size > 0) model.setSolution({ indices: Int32Array.from(start.keys()), values: Float64Array.from(start.values()) });
  const lines = log === undefined ? undefined : lineSplitter(log);
  const boundTarget = isMip ? options.stopAtBound : undefined;
  const objectiveTarget = isMip ? options.stopAtObjective : undefined;
  const onBounds = isMip ? options.onBounds : undefined;
  const callbacks: HighsCallbackMap = {
    ...(lines !== undefined ? { [highs.constants.callbackType.logging]: (ev: { message: string }) => void lines.push(ev.message) } : {}),
    ...(boundTarget !== undefined || objectiveTarget !== undefined || onBounds !== undefined
      ? {
          [highs.constants.callbackType.mipInterrupt]: (ev: { data: { mip_dual_bound?: number; mip_primal_bound?: number }; interrupt(): void }) => {
            const { mip_dual_bound: bound, mip_primal_bound: incumbent } = ev.data;
            if (onBounds !== undefined && bound !== undefined && Number.isFinite(bound)) onBounds(incumbent !== undefined && Number.isFinite(incumbent) ? incumbent : undefined, bound);
            if (boundTarget !== undefined && bound !== undefined && Number.isFinite(bound) && bound >= boundTarget) ev.interrupt();
            else if (objectiveTarget !== undefined && incumbent !== undefined && Number.isFinite(incumbent) && incumbent <= objectiveTarget) ev.interrupt();
          },
        }
      : {}),
  };
  try {
    model.run(Object.keys(callbacks).length > 0 ? callbacks : undefined);
  } finally {
    lines?.flush();
  }

  const code = model.getModelStatus();
  const [statusName, termination] = STATUS_TABLE[code] ?? [`code ${String(code)}`, 'error'];
  const primalOk = finiteInfo(model, 'primal_solution_status') === PRIMAL_FEASIBLE;
  const solution = primalOk ? model.getSolution() : undefined;
  const bound = isMip ? finiteInfo(model, 'mip_dual_bound') : undefined;
  const mipGap = isMip ? finiteInfo(model, 'mip_gap') : undefined;
  return {
    termination,
    rawStatus: `${statusName} (model status ${code}${mipGap === undefined ? '' : `, mip_gap ${mipGap.toExponential(2)}`})`,
    ...(solution !== undefined ? { x: solution.colValue, objective: model.getObjectiveValue() } : {}),
    ...(bound !== undefined ? { bound } : {}),
    ...(solution !== undefined && !isMip && termination === 'optimal' ? { rowDual: solution.rowDual } : {}),
  };
}

export const highsBackend: Backend = {
  name: 'highs',
  capabilities: Object.freeze({ integers: true, duals: true, timeLimit: true, mipGap: true, dualBound: true, mipControl: true }),
  async solve(sf: StandardForm, options: BackendRunOptions): Promise<BackendOutcome> {
    const highs = await loadHighs();
    // The native instance is not garbage collected: always dispose.
    const model = highs.createModel(toModelData(highs, sf));
    try {
      return runModel(highs, model, sf, options);
    } finally {
      model.dispose();
    }
  },
};
