/**
 * Scenario paths as a grid names them — `services[0].demand.meanRps`, `prices.gpuHourUsd.H100-80GB`,
 * `services[coding].slo.default.tbt.ms`, `prices.gpuHourUsd["odd.key"]` — parsed, and set on the
 * parsed scenario YAML (plain data). Pure: setting returns a new value and leaves the input alone.
 */
export type PathStep =
  /** A mapping key. */
  | { readonly kind: 'key'; readonly key: string }
  /** A list position, 0-based. */
  | { readonly kind: 'index'; readonly index: number }
  /** The list item whose `name` is this (services are named). */
  | { readonly kind: 'named'; readonly name: string };

/** Why a path cannot be parsed or applied; the caller names the grid axis. */
export class PathError extends Error {
  constructor(message: string, readonly fix: string) {
    super(message);
    this.name = 'PathError';
  }
}

const KEY = /^[A-Za-z0-9_$@-]+/;

export function parsePath(text: string): PathStep[] {
  const steps: PathStep[] = [];
  let rest = text.trim();
  if (rest === '') throw new PathError('the path is empty', "write a scenario path such as 'power.provisionedKW'");
  let first = true;
  while (rest !== '') {
    if (rest.startsWith('[')) {
      const close = rest.startsWith('["') ? rest.indexOf('"]') + 1 : rest.indexOf(']');
      if (close <= 0) throw new PathError(`unclosed '[' in '${text}'`, "close it: services[0], services[coding] or key[\"with.dots\"]");
      const inner = rest.slice(1, close).trim();
      rest = rest.slice(close + 1);
      if (/^\d+$/.test(inner)) steps.push({ kind: 'index', index: Number(inner) });
      else if (inner.startsWith('"') && inner.endsWith('"') && inner.length >= 2) steps.push({ kind: 'key', key: inner.slice(1, -1) });
      else if (KEY.test(inner) && inner.match(KEY)?.[0] === inner) steps.push({ kind: 'named', name: inner });
      else throw new PathError(`'[${inner}]' in '${text}' is neither a list position, a name, nor a quoted key`, 'write [0], [coding] or ["key"]');
    } else {
      if (!first) {
        if (!rest.startsWith('.')) throw new PathError(`expected '.' or '[' at '${rest}' in '${text}'`, "separate keys with dots: 'power.provisionedKW'");
        rest = rest.slice(1);
      }
      const m = rest.match(KEY);
      if (!m) throw new PathError(`expected a key at '${rest}' in '${text}'`, 'keys are letters, digits, _ and -; quote others as ["key"]');
      steps.push({ kind: 'key', key: m[0] });
      rest = rest.slice(m[0].length);
    }
    first = false;
  }
  return steps;
}

/** The path in one canonical spelling (the column name in sweep.arrow). */
export function formatPath(steps: readonly PathStep[]): string {
  return steps
    .map((s, i) => {
      if (s.kind === 'index') return `[${s.index}]`;
      if (s.kind === 'named') return `[${s.name}]`;
      const plain = KEY.test(s.key) && s.key.match(KEY)?.[0] === s.key;
      return plain ? `${i === 0 ? '' : '.'}${s.key}` : `["${s.key}"]`;
    })
    .join('');
}

const isMapping = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The value at `steps`, or undefined where the path leads nowhere. */
export function getAtPath(data: unknown, steps: readonly PathStep[]): unknown {
  let v = data;
  for (const s of steps) {
    if (s.kind === 'key') {
      if (!isMapping(v)) return undefined;
      v = v[s.key];
    } else {
      if (!Array.isArray(v)) return undefined;
      v = s.kind === 'index' ? v[s.index] : v.find((item) => isMapping(item) && item['name'] === s.name);
    }
  }
  return v;
}

/**
 * A copy of `data` with `value` at `steps`; missing mappings on the way are created (so
 * `prices.gpuHourUsd.H100-80GB` works on a scenario without prices), and `null` removes the field
 * (the scenario default applies). Lists must exist and the position or name must be in them.
 */
export function setAtPath(data: unknown, steps: readonly PathStep[], value: unknown): unknown {
  const [step, ...rest] = steps;
  if (step === undefined) return value;
  if (step.kind === 'key') {
    if (data !== undefined && !isMapping(data)) throw new PathError(`'${step.key}' is looked up in a ${Array.isArray(data) ? 'list' : 'value'}, not a mapping`, 'use [n] or [name] for list items');
    const current = (data ?? {}) as Record<string, unknown>;
    const next = { ...current };
    if (rest.length === 0 && value === null) delete next[step.key];
    else next[step.key] = setAtPath(current[step.key], rest, value);
    return next;
  }
  if (!Array.isArray(data)) throw new PathError(`${step.kind === 'index' ? `[${step.index}]` : `[${step.name}]`} needs a list here, and the scenario has ${data === undefined ? 'nothing' : 'a mapping or a value'}`, 'check the path against the scenario (`llmcap schema` lists the fields)');
  const at = step.kind === 'index' ? step.index : data.findIndex((item) => isMapping(item) && item['name'] === step.name);
  if (at < 0 || at >= data.length) {
    const names = data.map((item) => (isMapping(item) && typeof item['name'] === 'string' ? item['name'] : undefined)).filter((n) => n !== undefined);
    throw new PathError(
      step.kind === 'index' ? `position [${step.index}] is beyond the list's ${data.length} item(s)` : `no item named '${step.name}' in the list`,
      step.kind === 'index' ? `use a position from 0 to ${data.length - 1}` : `use one of: ${names.join(', ') || '(the items have no names)'}`,
    );
  }
  const next = [...data];
  if (rest.length === 0 && value === null) next.splice(at, 1);
  else next[at] = setAtPath(data[at], rest, value);
  return next;
}
