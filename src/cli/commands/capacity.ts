/** `llmcap capacity`: the capacity table the planner uses — config × class → req/s, binding constraint, power. */
import Table from 'cli-table3';
import { buildCapacityTable, type ClassCapacity } from '../../capacity/index.js';
import { InputError } from '../../core/errors.js';
import { DEFAULT_STACK } from '../../profiles/index.js';
import { fromScenarioFile } from '../../scenario/index.js';
import { EXIT, type ExitCode } from '../exitCodes.js';
import { checkFittedPresets, stepsFor } from '../loadSteps.js';
import { CAPACITY_JSON, type JsonObjectOf } from '../jsonOutputs.js';

export interface CapacityCommandOptions {
  readonly scenario: string;
  readonly gpu?: string;
  readonly tp?: number;
  readonly clock?: number;
  readonly role?: string;
  readonly class?: string;
  readonly all?: boolean;
  readonly json?: boolean;
  readonly profiles?: readonly string[];
  readonly analytic?: boolean;
}

export async function runCapacity(options: CapacityCommandOptions): Promise<ExitCode> {
  const scenario = await fromScenarioFile(options.scenario);
  await checkFittedPresets(scenario);
  const wanted = (c: ConfigFacts) =>
    (options.gpu === undefined || c.gpu.toLowerCase() === options.gpu.toLowerCase()) &&
    (options.tp === undefined || c.tp === options.tp) &&
    (options.clock === undefined || c.clockMHz === options.clock) &&
    (options.role === undefined || c.role === options.role);
  // Only the configs asked for are computed: a week has 165 configs, and one is what was asked.
  const table = buildCapacityTable(scenario, await stepsFor(options, scenario), undefined, wanted);
  const configs = new Map(table.configs.map((c) => [c.id, c]));
  checkFilters(options, table.configs, scenario.classes.map((c) => c.id), options.scenario);
  const rows = (options.all ? table.all : table.rows).filter((r) => {
    const c = configs.get(r.configId);
    if (!c) return false;
    return wanted(c) && (options.class === undefined || r.classId === options.class || r.classId.endsWith(`/${options.class}`));
  });
  if (options.json) {
    process.stdout.write(`${JSON.stringify({
      ok: true,
      scenario: scenario.name,
      sloTargets: Object.fromEntries(table.sloTargets),
      rows: rows.map((r) => ({ ...configs.get(r.configId), ...r, idlePowerW: table.power.get(r.configId)?.idleW })),
      ...(rows.length === 0 ? { emptyReason: emptyReason(options, table.configs) } : {}),
    } satisfies JsonObjectOf<typeof CAPACITY_JSON>)}\n`);
    return EXIT.ok;
  }
  if (rows.length === 0) {
    process.stdout.write(`No rows: ${emptyReason(options, table.configs)}\n`);
    return EXIT.ok;
  }
  process.stdout.write(`${formatCapacity(rows, configs, table.power)}\n`);
  process.stdout.write(`${rows.length} rows${options.all ? '' : ' with capacity > 0 (--all adds the zero rows and their reasons)'}; per instance, at the SLO percentile; power = whole instance (all TP GPUs).\n`);
  return EXIT.ok;
}

interface ConfigFacts {
  readonly gpu: string;
  readonly tp: number;
  readonly clockMHz: number;
  readonly role: string;
}

/** A filter value that no config (or class) of the scenario has is bad input: say which values exist. */
function checkFilters(options: CapacityCommandOptions, configs: readonly ConfigFacts[], classIds: readonly string[], file: string): void {
  const check = (flag: string, given: string | number | undefined, present: (readonly (string | number)[]), matches: (v: string | number) => boolean, where: string) => {
    if (given === undefined || present.some(matches)) return;
    const values = [...new Set(present.map(String))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    throw new InputError({ file, field: flag, message: `the scenario has no ${where} ${given} (it has ${values.join(', ')})`, fix: `give ${flag} one of ${values.join(', ')}, or add ${given} to the scenario's ${flag === '--class' ? 'classes' : 'hardware'}` });
  };
  check('--gpu', options.gpu, configs.map((c) => c.gpu), (v) => String(v).toLowerCase() === options.gpu?.toLowerCase(), 'GPU type');
  check('--tp', options.tp, configs.map((c) => c.tp), (v) => v === options.tp, 'TP degree');
  check('--clock', options.clock, configs.map((c) => c.clockMHz), (v) => v === options.clock, 'clock (MHz)');
  check('--role', options.role, configs.map((c) => c.role), (v) => v === options.role, 'role');
  check('--class', options.class, classIds, (v) => v === options.class || String(v).endsWith(`/${options.class}`), 'class');
}

/** Why a capacity query whose every filter value exists returned nothing. */
function emptyReason(options: CapacityCommandOptions, configs: readonly ConfigFacts[]): string {
  const configFilters = (['gpu', 'tp', 'clock', 'role'] as const).filter((f) => options[f] !== undefined);
  const matching = configs.filter(
    (c) =>
      (options.gpu === undefined || c.gpu.toLowerCase() === options.gpu.toLowerCase()) &&
      (options.tp === undefined || c.tp === options.tp) &&
      (options.clock === undefined || c.clockMHz === options.clock) &&
      (options.role === undefined || c.role === options.role),
  );
  if (matching.length === 0) return `no config has ${configFilters.map((f) => `--${f} ${options[f]}`).join(' and ')} together (each exists, in other configs)`;
  if (options.all) return 'the matching configs have no row for the matching classes';
  return `the ${matching.length} matching config${matching.length === 1 ? ' has' : 's have'} zero capacity for the matching classes (too slow for the SLOs, or the KV cache does not fit): --all lists them with the reason`;
}

function formatCapacity(
  rows: readonly ClassCapacity[],
  configs: ReadonlyMap<string, { gpu: string; tp: number; clockMHz: number; role: string; model: string; stack?: string; precision?: string }>,
  power: ReadonlyMap<string, { idleW: number }>,
): string {
  const t = new Table({
    head: ['model', 'GPU', 'TP', 'MHz', 'role', 'stack', 'prec.', 'class', 'req/s', 'binding', 'batch', 'TTFT ms', 'TBT ms', 'W at cap', 'W idle'],
    style: { head: [], border: [], compact: true },
    colAligns: ['left', 'left', 'right', 'right', 'left', 'left', 'left', 'left', 'right', 'left', 'right', 'right', 'right', 'right', 'right'],
  });
  for (const r of rows) {
    const c = configs.get(r.configId);
    if (!c) continue;
    t.push([c.model, c.gpu, String(c.tp), String(c.clockMHz), c.role, c.stack ?? DEFAULT_STACK, c.precision ?? 'bf16', r.classId, r.maxRps.toFixed(3), r.binding, r.batchAtCapacity.toFixed(1), r.ttftMsAtCapacity.toFixed(0), r.tbtMsAtCapacity.toFixed(1), r.powerAtCapacityW.toFixed(0), (power.get(r.configId)?.idleW ?? 0).toFixed(0)]);
  }
  return t.toString();
}
