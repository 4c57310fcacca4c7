import { resolveModelId, suggest, modelIds, type ModelId } from '../catalog/index.js';
import type { ScenarioFile, SloFile, SloTargetFile } from './schema.js';
import type { Problems } from './problems.js';
import type { ReferenceConfig, RequestClass, SloMetric, SloScope, SloTarget } from './types.js';

const LABELS: Record<number, readonly string[]> = { 1: ['A'], 2: ['S', 'L'], 3: ['S', 'M', 'L'] };

/** Bin labels: S/M/L for up to three bins, then B0, B1, … */
export function binLabels(count: number): readonly string[] {
  return LABELS[count] ?? Array.from({ length: count }, (_, i) => `B${i}`);
}

/** [lo, hi) token ranges from ascending thresholds. */
export function binRanges(thresholds: readonly number[]): [number, number][] {
  const edges = [0, ...thresholds, Number.POSITIVE_INFINITY];
  return edges.slice(0, -1).map((lo, i) => [lo, edges[i + 1] ?? Number.POSITIVE_INFINITY]);
}

type ServiceFile = ScenarioFile['services'][number];

export function resolveServiceClasses(
  service: ServiceFile,
  serviceIndex: number,
  reference: (model: ModelId) => ReferenceConfig | undefined,
  problems: Problems,
): { model: ModelId | undefined; classes: RequestClass[] } {
  const base = ['services', serviceIndex] as const;
  const model = resolveModelId(service.model);
  if (!model) {
    problems.add([...base, 'model'], `unknown model '${service.model}'`, `use one of ${listWithSuggestion(service.model, modelIds)}`);
  }
  const { inputThresholds, outputThresholds, stats } = service.classes;
  for (const [key, edges] of [['inputThresholds', inputThresholds], ['outputThresholds', outputThresholds]] as const) {
    if (edges.some((v, i) => i > 0 && v <= (edges[i - 1] ?? 0))) {
      problems.add([...base, 'classes', key], 'thresholds must be strictly ascending', 'sort the bin edges, e.g. [1024, 4096]');
    }
  }
  const inRanges = binRanges(inputThresholds);
  const outRanges = binRanges(outputThresholds);
  const inLabels = binLabels(inRanges.length);
  const outLabels = binLabels(outRanges.length);
  const expected = inLabels.flatMap((i) => outLabels.map((o) => i + o));
  for (const name of Object.keys(stats)) {
    if (!expected.includes(name)) {
      problems.add([...base, 'classes', 'stats', name], `unknown class '${name}'`, `the thresholds define classes ${expected.join(', ')}`);
    }
  }
  const classes: RequestClass[] = [];
  let shareSum = 0;
  inLabels.forEach((inLabel, i) => {
    outLabels.forEach((outLabel, o) => {
      const name = inLabel + outLabel;
      const s = stats[name];
      const statsPath = [...base, 'classes', 'stats', name];
      if (!s) {
        problems.add([...base, 'classes', 'stats'], `missing class '${name}'`, `give share and token statistics for every class (${expected.join(', ')}); use share: 0 for an empty one`);
        return;
      }
      shareSum += s.share;
      const inputRange = inRanges[i] as [number, number];
      const outputRange = outRanges[o] as [number, number];
      checkInRange(s.input.mean, inputRange, [...statsPath, 'input', 'mean'], problems);
      checkInRange(s.output.mean, outputRange, [...statsPath, 'output', 'mean'], problems);
      const slo = resolveSlo(service.slo.default, service.slo.classes?.[name], [...base, 'slo'], name, problems);
      const ref = model ? reference(model) : undefined;
      if (!ref) return;
      classes.push({
        id: `${service.name}/${name}`,
        service: service.name,
        name,
        model: model as ModelId,
        inputRange,
        outputRange,
        share: s.share,
        input: s.input,
        output: s.output,
        slo,
        reference: ref,
      });
    });
  });
  if (Math.abs(shareSum - 1) > 0.01 && problems.count === 0) {
    problems.add([...base, 'classes', 'stats'], `class shares add up to ${shareSum.toFixed(3)}, not 1`, 'make the shares of all classes sum to 1');
  }
  // Shares written with a few decimals rarely add up to exactly 1; rescale so the service's rate is kept.
  const normalized = shareSum > 0 ? classes.map((c) => ({ ...c, share: c.share / shareSum })) : classes;
  for (const name of Object.keys(service.slo.classes ?? {})) {
    if (!expected.includes(name)) {
      problems.add([...base, 'slo', 'classes', name], `unknown class '${name}'`, `the thresholds define classes ${expected.join(', ')}`);
    }
  }
  return { model, classes: normalized };
}

function checkInRange(mean: number, [lo, hi]: readonly [number, number], path: (string | number)[], problems: Problems): void {
  if (mean < lo || mean >= hi) {
    problems.add(path, `mean ${mean} lies outside the class's bin [${lo}, ${hi === Infinity ? '∞' : hi})`, 'fix the statistics or the thresholds so each class mean falls inside its bin');
  }
}

/** TPOT is also written `tbt` (its name before MLPerf's and vLLM's was adopted): one of the two, not both. */
function tpotOf(slo: SloFile, path: readonly (string | number)[], problems: Problems): SloFile['tpot'] {
  if (slo.tpot !== undefined && slo.tbt !== undefined) {
    problems.add([...path, 'tbt'], 'tbt is another name for tpot, and both are given', 'keep one of tpot and tbt');
  }
  return slo.tpot ?? slo.tbt;
}

/**
 * A class's SLO: the service default, with the metrics its per-class entry sets replacing the
 * default's, metric by metric (a class that tightens only its TTFT keeps the default TPOT).
 */
function resolveSlo(defaults: SloFile, override: SloFile | undefined, base: readonly (string | number)[], name: string, problems: Problems): RequestClass['slo'] {
  const defaultPath = [...base, 'default'];
  const classPath = [...base, 'classes', name];
  const defaultTpot = tpotOf(defaults, defaultPath, problems);
  const classTpot = override ? tpotOf(override, classPath, problems) : undefined;
  const pick = (metric: 'ttft' | 'tpot' | 'itl' | 'e2e', fromDefault: SloFile['ttft'], fromClass: SloFile['ttft'], required = true) => {
    if (fromClass !== undefined) return { given: fromClass, path: [...classPath, metric] };
    if (fromDefault !== undefined) return { given: fromDefault, path: [...defaultPath, metric] };
    if (required) problems.add([...defaultPath, metric], `no ${metric === 'tpot' ? 'TPOT' : 'TTFT'} target${override ? ` for class '${name}'` : ''}`, `give slo.default.${metric}, e.g. ${metric}: { percentile: 99, ms: ${metric === 'tpot' ? 100 : 2000} }`);
    return undefined;
  };
  const scopes: Partial<Record<SloMetric, SloScope>> = {};
  const list = (picked: ReturnType<typeof pick>, metric: string, key: SloMetric, fallback: SloTarget[]): SloTarget[] => {
    if (picked === undefined) return fallback;
    const { given, path } = picked;
    const items = Array.isArray(given) ? given : [given];
    const targets = items.map((t, i) => resolveTarget(t, Array.isArray(given) ? [...path, i] : path, problems));
    const sorted = [...targets].sort((a, b) => a.percentile - b.percentile);
    if (new Set(sorted.map((t) => t.percentile)).size !== sorted.length) {
      problems.add(path, `two ${metric} targets at the same percentile`, 'give each percentile once');
    }
    const given_ = new Set(items.map((t) => t.scope ?? 'class'));
    if (given_.size > 1) problems.add(path, `the ${metric} targets give different scopes (${[...given_].join(', ')})`, 'give every target of a metric the same scope');
    scopes[key] = [...given_][0] ?? 'class';
    return sorted;
  };
  const ttftTargets = list(pick('ttft', defaults.ttft, override?.ttft), 'TTFT', 'ttft', [{ percentile: 99, ms: 1 }]);
  const tbtTargets = list(pick('tpot', defaultTpot, classTpot), 'TPOT', 'tbt', [{ percentile: 99, ms: 1 }]);
  const itlTargets = list(pick('itl', defaults.itl, override?.itl, false), 'ITL', 'itl', []);
  const e2eTargets = list(pick('e2e', defaults.e2e, override?.e2e, false), 'E2E', 'e2e', []);
  const scope = { ttft: scopes.ttft ?? 'class', tbt: scopes.tbt ?? 'class', itl: scopes.itl ?? 'class', e2e: scopes.e2e ?? 'class' };
  return {
    ttft: ttftTargets[ttftTargets.length - 1] as SloTarget,
    tbt: tbtTargets[tbtTargets.length - 1] as SloTarget,
    ttftTargets,
    tbtTargets,
    ...(itlTargets.length > 0 ? { itl: itlTargets[itlTargets.length - 1] as SloTarget } : {}),
    ...(e2eTargets.length > 0 ? { e2e: e2eTargets[e2eTargets.length - 1] as SloTarget } : {}),
    // Left out when unused, so scenarios without them resolve (and hash, planProvenance.ts) as before.
    ...(itlTargets.length > 0 ? { itlTargets } : {}),
    ...(e2eTargets.length > 0 ? { e2eTargets } : {}),
    ...(Object.values(scope).some((v) => v !== 'class') ? { scope } : {}),
  };
}

/**
 * A pooled scope (service or all) judges one percentile over requests of several classes, each
 * against its own target: the classes it pools must agree on the metric's percentile.
 */
export function checkScopeGroups(classes: readonly RequestClass[], problems: Problems): void {
  const metrics: readonly SloMetric[] = ['ttft', 'tbt', 'itl', 'e2e'];
  for (const metric of metrics) {
    const groups = new Map<string, RequestClass[]>();
    for (const c of classes) {
      const target = c.slo[metric];
      const scope = c.slo.scope?.[metric] ?? 'class';
      if (target === undefined || scope === 'class') continue;
      const key = scope === 'all' ? 'all' : `service:${c.service}`;
      groups.set(key, [...(groups.get(key) ?? []), c]);
    }
    for (const [key, members] of groups) {
      const percentiles = new Set(members.map((c) => c.slo[metric]?.percentile));
      if (percentiles.size > 1) {
        const services = [...new Set(classes.map((c) => c.service))];
        problems.add(['services', Math.max(0, services.indexOf(members[0]?.service ?? '')), 'slo'], `the ${metric} scope '${key}' pools classes with different percentiles (${members.map((c) => `${c.id} p${c.slo[metric]?.percentile}`).join(', ')})`, `give every class pooled by scope '${key.split(':')[0]}' the same ${metric} percentile, or scope: class`);
      }
    }
  }
}

function resolveTarget(t: SloTargetFile, path: readonly (string | number)[], problems: Problems): SloTarget {
  if ((t.ms === undefined) === (t.slowdown === undefined)) {
    problems.add(path, 'needs exactly one of ms or slowdown', 'write e.g. {percentile: 99, ms: 2000} or {percentile: 99, slowdown: 6}');
  }
  const scope = t.scope !== undefined && t.scope !== 'class' ? { scope: t.scope } : {};
  return t.ms !== undefined ? { percentile: t.percentile, ms: t.ms, ...scope } : { percentile: t.percentile, slowdown: t.slowdown ?? 1, ...scope };
}

export function listWithSuggestion(name: string, valid: readonly string[]): string {
  const close = suggest(name, valid);
  return `${valid.join(', ')}${close.length > 0 ? ` (did you mean '${close[0]}'?)` : ''}`;
}
