/** `llmcap capacity`: the capacity table the planner uses — config × class → req/s, binding constraint, power. */
import Table from 'cli-table3';
import { buildCapacityTable, type ClassCapacity } from '../../capacity/index.js';
import { fromScenarioFile } from '../../scenario/index.js';
import { EXIT, type ExitCode } from '../exitCodes.js';
import { stepsFor } from '../loadSteps.js';

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
  const table = buildCapacityTable(scenario, await stepsFor(options));
  const configs = new Map(table.configs.map((c) => [c.id, c]));
  const rows = (options.all ? table.all : table.rows).filter((r) => {
    const c = configs.get(r.configId);
    if (!c) return false;
    return (
      (options.gpu === undefined || c.gpu.toLowerCase() === options.gpu.toLowerCase()) &&
      (options.tp === undefined || c.tp === options.tp) &&
      (options.clock === undefined || c.clockMHz === options.clock) &&
      (options.role === undefined || c.role === options.role) &&
      (options.class === undefined || r.classId === options.class || r.classId.endsWith(`/${options.class}`))
    );
  });
  if (options.json) {
    process.stdout.write(`${JSON.stringify({
      ok: true,
      scenario: scenario.name,
      sloTargets: Object.fromEntries(table.sloTargets),
      rows: rows.map((r) => ({ ...configs.get(r.configId), ...r, idlePowerW: table.power.get(r.configId)?.idleW })),
    })}\n`);
    return EXIT.ok;
  }
  process.stdout.write(`${formatCapacity(rows, configs, table.power)}\n`);
  process.stdout.write(`${rows.length} rows${options.all ? '' : ' with capacity > 0 (--all adds the zero rows and their reasons)'}; per instance, at the SLO percentile; power = whole instance (all TP GPUs).\n`);
  return EXIT.ok;
}

function formatCapacity(
  rows: readonly ClassCapacity[],
  configs: ReadonlyMap<string, { gpu: string; tp: number; clockMHz: number; role: string; model: string }>,
  power: ReadonlyMap<string, { idleW: number }>,
): string {
  const t = new Table({
    head: ['model', 'GPU', 'TP', 'MHz', 'role', 'class', 'req/s', 'binding', 'batch', 'TTFT ms', 'TBT ms', 'W at cap', 'W idle'],
    style: { head: [], border: [], compact: true },
    colAligns: ['left', 'left', 'right', 'right', 'left', 'left', 'right', 'left', 'right', 'right', 'right', 'right', 'right'],
  });
  for (const r of rows) {
    const c = configs.get(r.configId);
    if (!c) continue;
    t.push([c.model, c.gpu, String(c.tp), String(c.clockMHz), c.role, r.classId, r.maxRps.toFixed(3), r.binding, r.batchAtCapacity.toFixed(1), r.ttftMsAtCapacity.toFixed(0), r.tbtMsAtCapacity.toFixed(1), r.powerAtCapacityW.toFixed(0), (power.get(r.configId)?.idleW ?? 0).toFixed(0)]);
  }
  return t.toString();
}
