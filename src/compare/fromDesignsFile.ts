/** Read designs YAML (built-in or the user's) into resolved Designs; errors name file, line, field, fix. */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { gpuIds, resolveGpuId, suggest, type GpuId } from '../catalog/index.js';
import { InputError } from '../core/errors.js';
import { fromYamlText, normalizePartition, Problems, validateWith, type Role } from '../scenario/index.js';
import { DesignsFileSchema, type DesignsFile } from './designSchema.js';
import type { Design } from './types.js';

/** Built-in designs ship with the package, next to the scenarios. */
export const BUILT_IN_DESIGNS = fileURLToPath(new URL('../../scenarios/designs.yaml', import.meta.url));

export async function fromDesignsFile(path: string): Promise<Design[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new InputError({ file: path, message: `cannot read the designs file (${(err as NodeJS.ErrnoException).code ?? String(err)})`, fix: 'check the path; the built-in designs are in scenarios/designs.yaml' });
  }
  return designsFromText(text, path);
}

export function designsFromText(text: string, file: string): Design[] {
  const source = fromYamlText(text, file);
  const parsed = validateWith<DesignsFile>(DesignsFileSchema, source, 'the designs file', 'write `designs:` followed by a list of designs, as in scenarios/designs.yaml', 'llmcap schema --designs');
  const problems = new Problems(source);
  const gpu = (name: string, path: (string | number)[]): GpuId | undefined => {
    const id = resolveGpuId(name);
    if (!id) {
      const close = suggest(name, gpuIds);
      problems.add(path, `unknown GPU type '${name}'`, `use one of ${gpuIds.join(', ')}${close[0] ? ` (did you mean '${close[0]}'?)` : ''}`);
    }
    return id;
  };
  const names = new Set<string>();
  const designs = parsed.designs.map((d, i): Design => {
    if (names.has(d.name)) problems.add(['designs', i, 'name'], `duplicate design name '${d.name}'`, 'give every design its own name');
    names.add(d.name);
    const roleGpus: Partial<Record<Role, GpuId[]>> = {};
    for (const [role, list] of Object.entries(d.roleGpus ?? {}) as [Role, string[] | undefined][]) {
      roleGpus[role] = (list ?? []).map((n, j) => gpu(n, ['designs', i, 'roleGpus', role, j])).filter((g): g is GpuId => g !== undefined);
    }
    if (d.roles && d.roles.includes('prefill') !== d.roles.includes('decode')) {
      problems.add(['designs', i, 'roles'], 'a phase split needs both prefill and decode roles', "list both 'prefill' and 'decode'");
    }
    if (d.hold && d.hold.includes('instances') === d.hold.includes('gpus')) {
      problems.add(['designs', i, 'hold'], d.hold.includes('instances') ? "hold lists both 'instances' and 'gpus'" : "hold names neither 'instances' nor 'gpus'", "hold what each pool keeps in every window: 'instances' (its instance count) or 'gpus' (its GPUs, with TP free to change), plus 'tp' and/or 'clock', e.g. [instances, tp, clock] for a static design");
    }
    if (d.holdPeriodMinutes !== undefined && !d.hold) {
      problems.add(['designs', i, 'holdPeriodMinutes'], 'holdPeriodMinutes is the period of a hold, and the design holds nothing', "add hold (e.g. [instances]) or drop holdPeriodMinutes");
    }
    return {
      name: d.name,
      description: d.description ?? '',
      ...(d.gpus ? { gpus: d.gpus.map((n, j) => gpu(n, ['designs', i, 'gpus', j])).filter((g): g is GpuId => g !== undefined) } : {}),
      ...(d.roles ? { roles: d.roles } : {}),
      ...(d.tp ? { tp: d.tp } : {}),
      clocks: d.clocks ?? 'scenario',
      ...(d.roleGpus ? { roleGpus } : {}),
      ...(d.powerCap ? { powerCap: d.powerCap } : {}),
      ...(d.pools ? { pools: normalizePartition(d.pools) } : {}),
      ...(d.powerBudget ? { powerBudget: d.powerBudget } : {}),
      ...(d.acquisition ? { acquisition: d.acquisition } : {}),
      ...(d.hold ? { hold: d.hold } : {}),
      ...(d.holdPeriodMinutes !== undefined ? { holdPeriodMinutes: d.holdPeriodMinutes } : {}),
    };
  });
  problems.throwIfAny();
  return designs;
}
