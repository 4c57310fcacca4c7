/**
 * The grid file of `llmcap sweep`: axes named as scenario paths with their values, crossed
 * (`axes:`, every combination) and/or listed (`variants:`, given combinations, each crossed with the
 * axes). `design` is the one axis that is not a scenario path: the name of a design (built-in, or
 * from the grid's `designs:` file) applied to the scenario as `llmcap compare` does. Pure.
 */
import { Type, type Static } from '@sinclair/typebox';
import { InputError, type InputProblem } from '../core/errors.js';
import { formatFieldPath, fromYamlText, validateWith, type FieldPath, type YamlSource } from '../scenario/index.js';
import { formatPath, parsePath, PathError, type PathStep } from './scenarioPath.js';

/** The axis that picks a design instead of editing a scenario path. */
export const DESIGN_AXIS = 'design';

export const GridFileSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    description: Type.Optional(Type.String()),
    axes: Type.Optional(
      Type.Record(Type.String(), Type.Array(Type.Unknown(), { minItems: 1, description: 'the values of this axis' }), {
        description: "crossed axes: scenario path → list of values, e.g. 'power.provisionedKW: [150, 200, 300]'; every combination is a variant",
      }),
    ),
    variants: Type.Optional(
      Type.Array(Type.Record(Type.String(), Type.Unknown()), {
        minItems: 1,
        description: 'listed variants: each a mapping of scenario path → value (e.g. both services\' demand at once), crossed with the axes',
      }),
    ),
    designs: Type.Optional(Type.String({ description: "designs YAML file the 'design' axis names designs from (default: the built-in designs)" })),
  },
  { additionalProperties: false, title: 'llmcap sweep grid' },
);

export type GridFile = Static<typeof GridFileSchema>;

export interface GridAxis {
  /** The column name: the path in canonical spelling, or 'design'. */
  readonly name: string;
  /** Undefined for the design axis. */
  readonly steps: readonly PathStep[] | undefined;
}

export interface ListedValue {
  readonly axis: GridAxis;
  readonly value: unknown;
  /** Where the value is written in the grid file. */
  readonly where: FieldPath;
}

export interface Grid {
  readonly file: string;
  /** Every axis, crossed ones first (file order), then the keys of listed variants (first appearance). */
  readonly axes: readonly GridAxis[];
  /** Crossed axes with their values, in file order; `where` locates the axis in the grid file. */
  readonly crossed: readonly { readonly axis: GridAxis; readonly values: readonly unknown[]; readonly where: FieldPath }[];
  /** Listed variants: (axis, value) pairs; empty when the grid lists none. */
  readonly listed: readonly (readonly ListedValue[])[];
  readonly designsFile?: string;
  readonly source: YamlSource;
}

const EXAMPLE = "write e.g.\naxes:\n  power.provisionedKW: [150, 200]\n  prices.gpuHourUsd.H100-80GB: [3.5, 4.76]";

export function gridFromText(text: string, file: string): Grid {
  const source = fromYamlText(text, file);
  const parsed = validateWith<GridFile>(GridFileSchema, source, 'the grid', EXAMPLE);
  const problems: InputProblem[] = [];
  const at = (path: FieldPath, message: string, fix: string) => problems.push({ file, ...source.locate(path), field: formatFieldPath(path), message, fix });
  if (parsed.axes === undefined && parsed.variants === undefined) {
    at([], 'the grid has neither axes nor variants', EXAMPLE);
  }
  const byName = new Map<string, GridAxis>();
  const axisFor = (written: string, where: FieldPath): GridAxis | undefined => {
    if (written.trim() === DESIGN_AXIS) return byName.get(DESIGN_AXIS) ?? remember({ name: DESIGN_AXIS, steps: undefined });
    try {
      const steps = parsePath(written);
      const name = formatPath(steps);
      return byName.get(name) ?? remember({ name, steps });
    } catch (err) {
      if (!(err instanceof PathError)) throw err;
      at(where, `axis '${written}': ${err.message}`, err.fix);
      return undefined;
    }
  };
  const remember = (axis: GridAxis) => (byName.set(axis.name, axis), axis);

  const crossed: { axis: GridAxis; values: readonly unknown[]; where: FieldPath }[] = [];
  for (const [written, values] of Object.entries(parsed.axes ?? {})) {
    const axis = axisFor(written, ['axes', written]);
    if (!axis) continue;
    if (crossed.some((c) => c.axis === axis)) {
      at(['axes', written], `axis '${written}' is the same path as another axis`, 'give each scenario path once');
      continue;
    }
    crossed.push({ axis, values, where: ['axes', written] });
  }
  const listed: ListedValue[][] = [];
  for (const [i, entry] of (parsed.variants ?? []).entries()) {
    const pairs: ListedValue[] = [];
    for (const [written, value] of Object.entries(entry)) {
      const axis = axisFor(written, ['variants', i, written]);
      if (!axis) continue;
      if (crossed.some((c) => c.axis === axis)) {
        at(['variants', i, written], `'${written}' is also a crossed axis under axes:`, 'set a path either under axes: or in variants:, not both');
        continue;
      }
      pairs.push({ axis, value, where: ['variants', i, written] });
    }
    if (Object.keys(entry).length === 0) at(['variants', i], 'this listed variant sets nothing', 'give at least one path: value, or remove it');
    listed.push(pairs);
  }
  if (problems.length > 0) throw new InputError(problems);
  return {
    file,
    axes: [...byName.values()],
    crossed,
    listed,
    ...(parsed.designs !== undefined ? { designsFile: parsed.designs } : {}),
    source,
  };
}

/** How many variants the grid makes. */
export function variantCount(grid: Grid): number {
  return Math.max(1, grid.listed.length) * grid.crossed.reduce((n, c) => n * c.values.length, 1);
}
