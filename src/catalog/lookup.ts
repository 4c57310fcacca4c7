import { GPUS } from './gpus.js';
import { MODELS } from './models.js';
import type { GpuId, GpuSpec, ModelId, ModelSpec } from './types.js';

// Object.keys of a Record<Id, …> literal is exactly the id union (excess keys are compile errors).
export const gpuIds: readonly GpuId[] = Object.freeze(Object.keys(GPUS) as GpuId[]);
export const modelIds: readonly ModelId[] = Object.freeze(Object.keys(MODELS) as ModelId[]);

export function getGpu(id: GpuId): GpuSpec {
  return GPUS[id];
}

export function getModel(id: ModelId): ModelSpec {
  return MODELS[id];
}

/** Case, surrounding blanks and space/underscore-vs-hyphen differences never distinguish two names. */
function normalizeName(name: string): string {
  return name.trim().toLowerCase().replace(/[\s_]+/g, '-');
}

/** nvidia-smi reports names such as 'NVIDIA H100 80GB HBM3'; the vendor prefix carries no information. */
function normalizeGpuName(name: string): string {
  return normalizeName(name).replace(/^nvidia-/, '');
}

function buildIndex<Id extends string>(
  kind: string,
  entries: readonly { readonly id: Id; readonly aliases: readonly string[] }[],
  normalize: (s: string) => string,
): ReadonlyMap<string, Id> {
  const index = new Map<string, Id>();
  for (const { id, aliases } of entries) {
    for (const name of [id, ...aliases]) {
      const key = normalize(name);
      const owner = index.get(key);
      // Two ids claiming one spelling would make resolution depend on declaration order.
      if (owner !== undefined && owner !== id) {
        throw new Error(`catalog: ${kind} name '${name}' is claimed by both '${owner}' and '${id}'`);
      }
      index.set(key, id);
    }
  }
  return index;
}

const gpuIndex = buildIndex('GPU', Object.values(GPUS), normalizeGpuName);
const modelIndex = buildIndex('model', Object.values(MODELS), normalizeName);

/** The GPU id for an id or alias (e.g. SplitwiseSim's 'a100-80gb', nvidia-smi's 'NVIDIA H200'), or undefined. */
export function resolveGpuId(name: string): GpuId | undefined {
  return gpuIndex.get(normalizeGpuName(name));
}

/** The model id for an id or alias (e.g. 'llama2-70b', 'meta-llama/Llama-2-70b-hf'), or undefined. */
export function resolveModelId(name: string): ModelId | undefined {
  return modelIndex.get(normalizeName(name));
}

/** Levenshtein distance (insertions, deletions, substitutions each cost 1). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      cur.push(Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, substitution));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/**
 * The candidates closest to `name`, best first, for "did you mean" messages. A candidate that contains
 * the name or is contained in it ranks first ('H100' → 'H100-80GB', although 'H200' is fewer edits
 * away); others qualify within max(2, ⌊length/3⌋) edits. Comparison ignores case.
 */
export function suggest(name: string, candidates: readonly string[], max = 3): string[] {
  const query = normalizeName(name);
  if (query.length === 0) return [];
  const limit = Math.max(2, Math.floor(query.length / 3));
  const scored: { candidate: string; contained: boolean; distance: number; order: number }[] = [];
  candidates.forEach((candidate, order) => {
    const c = normalizeName(candidate);
    const contained = c.length > 0 && (c.includes(query) || query.includes(c));
    const distance = editDistance(query, c);
    if (contained || distance <= limit) scored.push({ candidate, contained, distance, order });
  });
  scored.sort(
    (x, y) => Number(y.contained) - Number(x.contained) || x.distance - y.distance || x.order - y.order,
  );
  return [...new Set(scored.map((s) => s.candidate))].slice(0, max);
}

/** Like suggest(), but also matches aliases and answers with GPU ids. */
export function suggestGpuIds(name: string, max = 3): GpuId[] {
  return suggestIds(normalizeGpuName(name), gpuIndex, max);
}

/** Like suggest(), but also matches aliases and answers with model ids. */
export function suggestModelIds(name: string, max = 3): ModelId[] {
  return suggestIds(normalizeName(name), modelIndex, max);
}

function suggestIds<Id extends string>(name: string, index: ReadonlyMap<string, Id>, max: number): Id[] {
  const names = [...index.keys()];
  const ids = suggest(name, names, names.length).flatMap((n) => {
    const id = index.get(n);
    return id === undefined ? [] : [id];
  });
  return [...new Set(ids)].slice(0, max);
}
