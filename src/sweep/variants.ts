/**
 * Grid → variants: the crossed axes multiplied out (first axis slowest), each listed variant crossed
 * with them, every variant's edits applied to the parsed base scenario and the result put through the
 * normal scenario validation. Every crossed value (and every listed variant) is first checked alone on
 * the base scenario, so a bad path or value is reported against the axis (and its line in the grid
 * file) before any plan is made. Pure.
 */
import { basename } from 'node:path';
import { stringify } from 'yaml';
import { applyDesign } from '../compare/applyDesign.js';
import type { Design } from '../compare/types.js';
import { InputError, type InputProblem } from '../core/errors.js';
import { formatFieldPath, fromYamlText, scenarioFromText, type FieldPath, type Scenario } from '../scenario/index.js';
import type { Grid, GridAxis } from './grid.js';
import { getAtPath, PathError, setAtPath } from './scenarioPath.js';
import { show } from './showValue.js';

export interface Assignment {
  readonly axis: string;
  readonly value: unknown;
}

export interface Variant {
  /** 'v0000', 'v0001', … in grid order; the name of the variant's output directory. */
  readonly id: string;
  readonly index: number;
  /** The axes this variant sets, crossed axes first. */
  readonly assignments: readonly Assignment[];
}

/** A variant ready to plan: the edited scenario as YAML text (what a worker reads) and its design. */
export interface ResolvedVariant extends Variant {
  readonly scenarioText: string;
  /** Names the variant in messages and in its outputs, e.g. 'day.yaml#v0003'. */
  readonly scenarioLabel: string;
  readonly design?: Design;
  /** The resolved scenario, design applied (main thread only: too large to send to a worker). */
  readonly scenario: Scenario;
}

export function variantId(index: number, count: number): string {
  return `v${String(index).padStart(Math.max(4, String(count - 1).length), '0')}`;
}

interface Pending {
  readonly axis: GridAxis;
  readonly value: unknown;
  readonly where: FieldPath;
}

/** Every variant of the grid, in a fixed order (listed variants outermost, last crossed axis fastest). */
export function expandVariants(grid: Grid): Variant[] {
  return pendingVariants(grid).map((pairs, index, all) => ({
    id: variantId(index, all.length),
    index,
    assignments: pairs.map((p) => ({ axis: p.axis.name, value: p.value })),
  }));
}

function pendingVariants(grid: Grid): Pending[][] {
  let combos: Pending[][] = [[]];
  for (const c of grid.crossed) {
    combos = combos.flatMap((prefix) => c.values.map((value, i) => [...prefix, { axis: c.axis, value, where: [...c.where, i] }]));
  }
  const listed = grid.listed.length > 0 ? grid.listed : [[]];
  return listed.flatMap((entry) => combos.map((combo) => [...combo, ...entry]));
}

export interface ResolveInput {
  readonly baseText: string;
  readonly baseFile: string;
  readonly grid: Grid;
  /** Designs the design axis may name (only read when the grid has that axis). */
  readonly designs: readonly Design[];
}

/**
 * Expand and validate. Throws one InputError with every problem: first those of single crossed values
 * (named by axis, value and grid line) and of listed variants (each whole), then, only if all of
 * those pass, those of combinations (named by variant and its values).
 */
export function resolveVariants(input: ResolveInput): ResolvedVariant[] {
  const { grid } = input;
  const baseSource = fromYamlText(input.baseText, input.baseFile);
  const base = baseSource.data;
  // Reported once for the base scenario, not once per variant it would fail.
  if (getAtPath(base, [{ kind: 'key', key: 'planning' }, { kind: 'key', key: 'fixPools' }]) !== undefined) {
    const { line } = baseSource.locate(['planning', 'fixPools']);
    throw new InputError({ file: input.baseFile, ...(line !== undefined ? { line } : {}), field: 'planning.fixPools', message: NOT_SWEPT.message, fix: NOT_SWEPT.fix });
  }
  const problems: InputProblem[] = [];
  // Each crossed value alone on the base scenario: a problem here is that value's.
  for (const c of grid.crossed) {
    c.values.forEach((value, i) => {
      const where = [...c.where, i];
      const failure = tryVariant(input, base, [{ axis: c.axis, value, where }], `${basename(input.baseFile)} with ${c.axis.name} = ${show(value)}`);
      for (const f of failure ?? []) problems.push({ file: grid.file, ...grid.source.locate(where), field: formatFieldPath(where), message: `axis '${c.axis.name}' value ${show(value)}: ${f.message}`, ...(f.fix ? { fix: f.fix } : {}) });
    });
  }
  // Each listed variant whole (its values are meant together).
  grid.listed.forEach((entry, i) => {
    const where: FieldPath = ['variants', i];
    const failure = tryVariant(input, base, entry, `${basename(input.baseFile)} with variants[${i}]`);
    const names = entry.map((p) => `${p.axis.name} = ${show(p.value)}`).join(', ');
    for (const f of failure ?? []) problems.push({ file: grid.file, ...grid.source.locate(where), field: formatFieldPath(where), message: `listed variant (${names}): ${f.message}`, ...(f.fix ? { fix: f.fix } : {}) });
  });
  if (problems.length > 0) throw new InputError(problems);
  const variants = expandVariants(grid);
  const pending = pendingVariants(grid);
  const resolved: ResolvedVariant[] = [];
  for (const v of variants) {
    const pairs = pending[v.index] as Pending[];
    // Named by the base file's name, not its path: outputs must not depend on where the sweep runs.
    const label = `${basename(input.baseFile)}#${v.id}`;
    const result = tryVariant(input, base, pairs, label);
    if (Array.isArray(result)) {
      problems.push(...result.map((f) => ({ file: grid.file, field: `variant ${v.id} (${describeAssignments(v.assignments)})`, message: f.message, ...(f.fix ? { fix: f.fix } : {}) })));
      continue;
    }
    resolved.push({ ...v, ...build(input, base, pairs, label) });
  }
  if (problems.length > 0) throw new InputError(problems);
  return resolved;
}

export function describeAssignments(assignments: readonly Assignment[]): string {
  return assignments.length === 0 ? 'the base scenario' : assignments.map((a) => `${a.axis} = ${show(a.value)}`).join(', ');
}


interface Failure {
  readonly message: string;
  readonly fix?: string;
}

function tryVariant(input: ResolveInput, base: unknown, pairs: readonly Pending[], label: string): Failure[] | undefined {
  try {
    build(input, base, pairs, label);
    return undefined;
  } catch (err) {
    if (err instanceof PathError) return [{ message: err.message, fix: err.fix }];
    if (err instanceof InputError) {
      // The problem's line is in generated YAML, useless to the reader: name the scenario field instead.
      return err.problems.map((p) => ({ message: `${p.field ? `scenario field ${p.field}: ` : ''}${p.message}`, ...(p.fix ? { fix: p.fix } : {}) }));
    }
    throw err;
  }
}

function build(input: ResolveInput, base: unknown, pairs: readonly Pending[], label: string): { scenarioText: string; scenarioLabel: string; scenario: Scenario; design?: Design } {
  let data = base;
  let design: Design | undefined;
  for (const p of pairs) {
    if (p.axis.steps === undefined) {
      design = designNamed(input.designs, p.value);
      continue;
    }
    if (getAtPath(data, p.axis.steps) === undefined && p.value === null) continue;
    data = setAtPath(data, p.axis.steps, p.value);
  }
  const scenarioText = stringify(data, { lineWidth: 0 });
  const read = scenarioFromText(scenarioText, label);
  if (read.planning.fixPools) throw new PathError(NOT_SWEPT.message, NOT_SWEPT.fix);
  const scenario = design ? applyDesign(read, design) : read;
  return { scenarioText, scenarioLabel: label, scenario, ...(design ? { design } : {}) };
}

/** Variants are planned from their text alone, without the deployment file pins would need. */
const NOT_SWEPT = { message: 'planning.fixPools is not swept: a variant cannot pin pools', fix: 'drop planning.fixPools from the base scenario and the grid, or plan the pinned scenario with `llmcap plan`' };

function designNamed(designs: readonly Design[], value: unknown): Design {
  const found = typeof value === 'string' ? designs.find((d) => d.name.toLowerCase() === value.toLowerCase()) : undefined;
  if (!found) {
    throw new PathError(`'${show(value)}' is not a design`, `name one of: ${designs.map((d) => d.name).join(', ')} (or give the grid a designs: file)`);
  }
  return found;
}
