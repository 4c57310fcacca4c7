/** Stage 1: check the data against the JSON Schema, collecting every problem with its line. */
import { Ajv, type ErrorObject } from 'ajv';
import { closest, distance } from 'fastest-levenshtein';
import addFormatsModule from 'ajv-formats';
import { InputError, type InputProblem } from '../core/errors.js';
import { plural } from '../core/plural.js';
import type { TSchema } from '@sinclair/typebox';
import { ScenarioFileSchema, type ScenarioFile } from './schema.js';
import { formatFieldPath, type FieldPath, type YamlSource } from './yamlSource.js';

// ajv-formats is CommonJS with a default export; under NodeNext the callable sits on .default.
const addFormats = (addFormatsModule as unknown as { default: typeof addFormatsModule }).default ?? addFormatsModule;

// One compiled validator per schema, made on first use.
const compiled = new WeakMap<TSchema, ReturnType<Ajv['compile']>>();
function validator(schema: TSchema): ReturnType<Ajv['compile']> {
  let v = compiled.get(schema);
  if (!v) {
    const ajv = new Ajv({ allErrors: true, strict: false, strictNumbers: true });
    (addFormats as unknown as (a: Ajv) => void)(ajv);
    v = ajv.compile(schema);
    compiled.set(schema, v);
  }
  return v;
}

/** Check YAML data against a JSON Schema; every problem is reported with its line, field and fix. */
export function validateWith<T>(schema: TSchema, source: YamlSource, what: string, example: string, schemaCommand = 'llmcap schema'): T {
  if (source.data === null || typeof source.data !== 'object' || Array.isArray(source.data)) {
    throw new InputError({
      file: source.file,
      line: 1,
      message: `${what} must be a YAML mapping (key: value pairs) at the top level`,
      fix: example,
    });
  }
  const validate = validator(schema);
  if (validate(source.data)) return source.data as T;
  const errors = validate.errors ?? [];
  const { choices, explained } = choicesByPath(errors, source.data);
  throw new InputError(
    dedupe(errors.filter((e) => !explained(e)))
      .map((e) => toProblem(e, source, schemaCommand))
      .concat([...choices].map(([path, allowed]) => choiceProblem(path, allowed, source))),
  );
}

/** A value outside a fixed set: TypeBox's union of literals compiles to anyOf of `const`s (ajv reports one per branch), or an `enum`. */
function isChoiceError(e: ErrorObject): boolean {
  return e.keyword === 'const' || e.keyword === 'enum' || ((e.keyword === 'anyOf' || e.keyword === 'oneOf') && e.schemaPath.endsWith(e.keyword));
}

const kindOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/**
 * The allowed values per field path where a value missed a fixed set, and which of ajv's errors that
 * one problem explains. A field that is a union of literals and something else (`objective: cost` or a
 * mapping of weights, `stack: vllm-2023` or a list of them) fails every branch: for a value of the
 * literals' kind (a string), the literals are the branch meant, so the other branches' type errors
 * ("must be object") and the per-literal "must be equal to constant" are folded into one "is not one
 * of …, did you mean …" problem. A value of another kind (a list, a mapping) is judged by its own
 * branch: its errors explain it, and the literals' and other branches' type errors are dropped.
 */
function choicesByPath(errors: readonly ErrorObject[], data: unknown): { choices: Map<string, string[]>; explained: (e: ErrorObject) => boolean } {
  const literals = new Map<string, unknown[]>();
  for (const e of errors) {
    if (e.keyword === 'const') literals.set(e.instancePath, [...(literals.get(e.instancePath) ?? []), e.params['allowedValue']]);
    else if (e.keyword === 'enum') literals.set(e.instancePath, [...(literals.get(e.instancePath) ?? []), ...(e.params['allowedValues'] as unknown[])]);
  }
  const choices = new Map<string, string[]>();
  const dropLiterals = new Set<string>();
  for (const [path, allowed] of literals) {
    const value = valueAt(data, instancePath({ instancePath: path, keyword: 'const', params: {} } as unknown as ErrorObject));
    const sameKind = allowed.filter((a) => kindOf(a) === kindOf(value));
    // Errors of the value's own branch: inside it, or about its keys (additionalProperties, required sit on the path itself).
    const ownBranch = errors.some((e) => e.instancePath.startsWith(`${path}/`) || (e.instancePath === path && !isChoiceError(e) && e.keyword !== 'type'));
    if (sameKind.length === 0 && ownBranch) dropLiterals.add(path);
    else choices.set(path, [...new Set((sameKind.length > 0 ? sameKind : allowed).map(String))]);
  }
  const explained = (e: ErrorObject) => (dropLiterals.has(e.instancePath) || choices.has(e.instancePath)) && (isChoiceError(e) || e.keyword === 'type');
  return { choices, explained };
}

function choiceProblem(instancePathText: string, allowed: readonly string[], source: YamlSource): InputProblem {
  const path = instancePath({ instancePath: instancePathText, keyword: 'const', params: {} } as unknown as ErrorObject);
  const { line, column } = source.locate(path);
  const value = valueAt(source.data, path);
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  const best = allowed.length > 0 ? closest(text, [...allowed]) : undefined;
  // A suggestion only when it is plausibly a typo: at most a third of the word differs, or letters swapped.
  const sorted = (w: string) => [...w.toLowerCase()].sort().join('');
  const suggest = best !== undefined && (distance(text.toLowerCase(), best.toLowerCase()) <= Math.max(1, Math.floor(best.length / 3)) || sorted(text) === sorted(best));
  return {
    file: source.file,
    line,
    column,
    field: formatFieldPath(path) || '(top level)',
    message: `${describeValue(value)} is not one of ${allowed.map((a) => `'${a}'`).join(', ')}${suggest ? ` — did you mean '${best}'?` : ''}`,
    fix: suggest ? `write '${best}'` : `write one of ${allowed.join(', ')}`,
  };
}

export function validateScenarioFile(source: YamlSource): ScenarioFile {
  return validateWith<ScenarioFile>(ScenarioFileSchema, source, 'the scenario', 'start from scenarios/day.yaml, or print the format with `llmcap schema`');
}

function instancePath(e: ErrorObject): FieldPath {
  const parts = e.instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  if (e.keyword === 'additionalProperties') parts.push(String(e.params['additionalProperty']));
  if (e.keyword === 'required') parts.push(String(e.params['missingProperty']));
  return parts;
}

function toProblem(e: ErrorObject, source: YamlSource, schemaCommand: string): InputProblem {
  const path = instancePath(e);
  const field = formatFieldPath(path) || '(top level)';
  const { line, column } = source.locate(path);
  const base = { file: source.file, line, column, field };
  switch (e.keyword) {
    case 'additionalProperties':
      return { ...base, message: `unknown field '${String(path[path.length - 1])}'`, fix: `remove it or correct its spelling (\`${schemaCommand}\` lists the fields)` };
    case 'required':
      return { ...base, message: 'required field is missing', fix: `add '${String(path[path.length - 1])}'` };
    case 'type': {
      const type = String(e.params['type']);
      const numeric = type === 'number' || type === 'integer';
      const value = valueAt(source.data, path);
      // ajv (strictNumbers) reports NaN/Infinity as a type error too; say which mistake it was.
      if (numeric && typeof value === 'number' && !Number.isFinite(value)) {
        return { ...base, message: `must be a finite ${type} (NaN and Infinity are not allowed)`, fix: `write a ${type === 'integer' ? 'whole number' : 'number'} here` };
      }
      const wanted = numeric ? (type === 'integer' ? 'a whole number' : 'a number') : type === 'object' ? 'a mapping' : type === 'array' ? 'a list' : `a ${type}`;
      return {
        ...base,
        message: `must be ${wanted}, not ${describeValue(value)}`,
        fix: `write ${numeric ? wanted : type === 'object' ? 'key: value pairs' : type === 'array' ? 'a list [a, b, …]' : wanted} here`,
      };
    }
    case 'minimum':
    case 'exclusiveMinimum':
    case 'maximum':
    case 'exclusiveMaximum':
      // ajv's message ('must be >= 0') already says the bound; the fix repeats it as an instruction.
      return { ...base, message: `${e.message ?? 'out of range'}, not ${describeValue(valueAt(source.data, path))}`, fix: `write a value in the allowed range (${String(e.params['comparison'])} ${String(e.params['limit'])})` };
    case 'minItems':
    case 'maxItems': {
      const limit = Number(e.params['limit']);
      const value = valueAt(source.data, path);
      const has = Array.isArray(value) ? value.length : 0;
      return e.keyword === 'minItems'
        ? { ...base, message: `the list needs at least ${plural(limit, 'value')}, it has ${has}`, fix: `list at least ${plural(limit, 'value')}` }
        : { ...base, message: `the list takes at most ${plural(limit, 'value')}, it has ${has}`, fix: `remove values down to ${limit}` };
    }
    default:
      return { ...base, message: e.message ?? `fails ${e.keyword}`, fix: `see \`${schemaCommand}\` for the allowed values` };
  }
}

function valueAt(data: unknown, path: FieldPath): unknown {
  let v = data;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[key];
  }
  return v;
}

function describeValue(v: unknown): string {
  if (typeof v === 'string') return `the text '${v.length > 40 ? `${v.slice(0, 40)}…` : v}'`;
  if (v === null || v === undefined) return 'an empty value';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return String(v);
}

// anyOf/oneOf branches make ajv report the same place several times; keep the first per (path, keyword).
function dedupe(errors: readonly ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  const out: ErrorObject[] = [];
  const informative = errors.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf');
  for (const e of informative.length > 0 ? informative : errors) {
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(e);
    }
  }
  return out;
}
