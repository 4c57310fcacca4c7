/**
 * Tick labels of quantitative axes with one format per axis, chosen from the axis's own domain:
 * thousands separators while its largest magnitude stays below 10,000 ('0', '2,500', '5,000'), one SI
 * prefix for the whole axis from there on ('0', '5k', '35k'), never a mix such as '5,000' beside
 * '35k', never '0k', and never vega's '1,980.000000'.
 *
 * A vega-lite spec cannot name the scale of each axis (facets and layers rename them), so the charts'
 * config sets the plain format (PLAIN_NUMBER_LABEL) and labelAxesByDomain rewrites it, after
 * compiling, into an expression over the domain of the axis's own scale: in a facet with independent
 * scales each panel reads its own domain.
 */

/** Plain tick label: four significant digits, thousands separators. */
export const PLAIN_NUMBER_LABEL = "format(datum.value, ',.4~r')";

/** Below this magnitude an axis prints plain numbers. */
const SI_FROM = 10_000;
/** Largest prefix first: the axis takes the first whose size its largest magnitude reaches. */
const PREFIXES: readonly (readonly [number, string])[] = [
  [1e12, 'T'],
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
];
/** Scale types whose ticks are plain numbers (log scales keep vega's own labels). */
const LINEAR_SCALES = new Set(['linear', 'sqrt', 'pow']);

/** The label expression of an axis on scale `scale`, as a vega expression over the tick `datum`. */
export function axisNumberLabel(scale: string): string {
  const name = JSON.stringify(scale).replace(/"/g, "'");
  const max = `max(abs(domain(${name})[0]), abs(peek(domain(${name}))))`;
  const si = PREFIXES.map(([size, prefix]) => `${max} >= ${Math.max(size, SI_FROM)} ? format(datum.value / ${size}, ',.4~r') + '${prefix}' : `).join('');
  return `datum.value === 0 ? '0' : ${si}${PLAIN_NUMBER_LABEL}`;
}

interface VegaNode {
  scales?: { name: string; type?: string }[];
  axes?: { scale: string; encode?: { labels?: { update?: { text?: { signal?: string } } } } }[];
  marks?: VegaNode[];
}

/**
 * Every axis of a compiled vega spec that still carries PLAIN_NUMBER_LABEL (a chart that sets its own
 * labels keeps them) and draws a linear scale gets the per-axis label of axisNumberLabel. Scales are
 * looked up as vega does, in the axis's group and then outward. Mutates and returns the spec.
 */
export function labelAxesByDomain<T extends object>(spec: T): T {
  visit(spec as VegaNode, new Map());
  return spec;
}

function visit(node: VegaNode, outer: ReadonlyMap<string, string>): void {
  const types = new Map(outer);
  for (const s of node.scales ?? []) types.set(s.name, s.type ?? 'linear');
  for (const axis of node.axes ?? []) {
    const text = axis.encode?.labels?.update?.text;
    if (text?.signal === PLAIN_NUMBER_LABEL && LINEAR_SCALES.has(types.get(axis.scale) ?? '')) text.signal = axisNumberLabel(axis.scale);
  }
  for (const mark of node.marks ?? []) visit(mark, types);
}
