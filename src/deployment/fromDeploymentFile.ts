/**
 * Read a deployment YAML: schema check with located errors (the scenario's validator), then names
 * resolved against the catalog. What depends on a scenario (windows, models, classes) is checked when
 * the deployment is applied to one (resolveDeployment.ts), still naming the file's lines.
 */
import { readFile } from 'node:fs/promises';
import { getGpu, modelIds, PRECISIONS, resolveModelId, supportsPrecision, type GpuId, type ModelId, type Precision } from '../catalog/index.js';
import { InputError } from '../core/errors.js';
import { fromYamlText, listWithSuggestion, Problems, resolveGpuName, validateWith, type FieldPath } from '../scenario/index.js';
import type { ReplayRouting } from '../sim/index.js';
import { DeploymentFileSchema, type DeploymentFile, type DeploymentPoolFile } from './schema.js';
import type { Deployment, DeploymentPool, DeploymentWindow } from './types.js';

const EXAMPLE = 'start from deployments/conv-4xh100-tp8-mixed.yaml, or print the format with `llmcap schema --deployment`';

export async function fromDeploymentFile(path: string): Promise<Deployment> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new InputError({ file: path, message: `cannot read the deployment file (${(err as NodeJS.ErrnoException).code ?? String(err)})`, fix: 'check the path; examples are in deployments/' });
  }
  return deploymentFromText(text, path);
}

export function deploymentFromText(text: string, file: string): Deployment {
  const source = fromYamlText(text, file);
  const parsed = validateWith<DeploymentFile>(DeploymentFileSchema, source, 'the deployment', EXAMPLE, 'llmcap schema --deployment');
  const problems = new Problems(source);
  const defaultModel = parsed.model === undefined ? undefined : model(parsed.model, ['model'], problems);
  // fp16 and bf16 cost the same (two bytes, the 16-bit tensor peak): one precision, as in scenarios.
  const asPrecision = (p: string | undefined): Precision | undefined => (p === undefined ? undefined : p === 'fp16' ? 'bf16' : (p as Precision));
  const defaultPrecision = asPrecision(parsed.precision);
  if ((parsed.pools === undefined) === (parsed.windows === undefined)) {
    problems.add(parsed.pools ? ['windows'] : [], parsed.pools ? 'both pools and windows are given' : 'neither pools nor windows is given', 'give `pools:` (the same pools in every window) or `windows:` (pools per window), not both');
  }
  const pools = (list: readonly DeploymentPoolFile[], at: FieldPath): DeploymentPool[] =>
    list.map((p, i) => {
      const path = [...at, i];
      const gpu = resolveGpuName(p.gpu, [...path, 'gpu'], problems) as GpuId | undefined;
      const stack = p.stack ?? parsed.stack;
      const precision = asPrecision(p.precision) ?? defaultPrecision;
      if (gpu !== undefined && precision !== undefined && !supportsPrecision(getGpu(gpu), precision)) {
        const fits = PRECISIONS.filter((x) => supportsPrecision(getGpu(gpu), x));
        problems.add(p.precision !== undefined ? [...path, 'precision'] : ['precision'], `${gpu} has no ${precision} tensor cores`, `give this pool a precision ${gpu} runs (${fits.join(', ')}), or another GPU`);
      }
      return {
        path,
        model: p.model === undefined ? defaultModel : model(p.model, [...path, 'model'], problems),
        gpu: gpu as GpuId,
        tp: p.tp,
        ...(p.clockMHz !== undefined ? { clockMHz: p.clockMHz } : {}),
        role: p.role,
        ...(stack !== undefined ? { stack } : {}),
        ...(precision !== undefined ? { precision } : {}),
        instances: p.instances,
        ...(p.rates ? { rates: p.rates } : {}),
        ...(p.planned ? { planned: p.planned } : {}),
      };
    });
  const seen = new Set<number>();
  const windows: DeploymentWindow[] | undefined = parsed.windows?.map((w, i) => {
    if (seen.has(w.window)) problems.add(['windows', i, 'window'], `window ${w.window} is listed twice`, 'list every window once');
    seen.add(w.window);
    return {
      window: w.window,
      path: ['windows', i],
      pools: pools(w.pools, ['windows', i, 'pools']),
      idle: (w.idle ?? []).map((d, j) => ({ gpu: resolveGpuName(d.gpu, ['windows', i, 'idle', j, 'gpu'], problems) as GpuId, gpus: d.gpus, ...(d.planned ? { planned: d.planned } : {}) })),
    };
  });
  const everyWindow = parsed.pools ? pools(parsed.pools, ['pools']) : undefined;
  problems.throwIfAny();
  const r = parsed.routing ?? {};
  const routing: ReplayRouting = {
    ...(r.policy !== undefined ? { router: r.policy } : {}),
    ...(r.prefillTokenBudget !== undefined ? { prefillTokenBudget: r.prefillTokenBudget } : {}),
    ...(r.overflow !== undefined ? { overflow: r.overflow } : {}),
  };
  return {
    file,
    name: parsed.name,
    description: parsed.description ?? '',
    routing,
    ...(everyWindow ? { everyWindow } : {}),
    ...(windows ? { windows } : {}),
    source,
  };
}

function model(name: string, path: FieldPath, problems: Problems): ModelId | undefined {
  const id = resolveModelId(name);
  if (!id) problems.add(path, `unknown model '${name}'`, `use one of ${listWithSuggestion(name, modelIds)}`);
  return id;
}
