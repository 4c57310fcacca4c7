/** Stage 1: check the data against the JSON Schema, collecting every problem with its line. */
import { Ajv, type ErrorObject } from 'ajv';
import { closest, distance } from 'fastest-levenshtein';
import addFormatsModule from 'ajv-formats';
import { InputError, type InputProblem } from '../core/errors.js';
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
  const choices = choicesByPath(errors);
  throw new InputError(
    dedupe(errors.filter((e) => !(isChoiceError(e) && choices.has(e.instancePath))))
      .map((e) => toProblem(e, source, schemaCommand))
      .concat([...choices].map(([path, allowed]) => choiceProblem(path, allowed, source))),
  );
}

/** A value outside a fixed set: TypeBox's union of literals compiles to anyOf of `const`s (ajv reports one per branch), or an `enum`. */
function isChoiceError(e: ErrorObject): boolean {
  return e.keyword === 'const' || e.keyword === 'enum' || ((e.keyword === 'anyOf' || e.keyword === 'oneOf') && e.schemaPath.endsWith(e.keyword));
}

/** The allowed values per field path, for paths where only fixed choices failed (a union with other branches keeps its own messages). */
function choicesByPath(errors: readonly ErrorObject[]): Map<string, string[]> {
  const allowed = new Map<string, string[]>();
  const other = new Set<string>();
  for (const e of errors) {
    if (e.keyword === 'const') allowed.set(e.instancePath, [...(allowed.get(e.instancePath) ?? []), String(e.params['allowedValue'])]);
    else if (e.keyword === 'enum') allowed.set(e.instancePath, [...(allowed.get(e.instancePath) ?? []), ...(e.params['allowedValues'] as unknown[]).map(String)]);
    else if (e.keyword !== 'anyOf' && e.keyword !== 'oneOf') other.add(e.instancePath);
  }
  for (const path of other) allowed.delete(path);
  for (const [path, values] of allowed) allowed.set(path, [...new Set(values)]);
  return allowed;
}

function choiceProblem(instancePathText: string, allowed: readonly string[], source: YamlSource): InputProblem {
  const path = instancePath({ instancePath: instancePathText, keyword: 'const', params: {} } as unknown as ErrorObject);
  const { line, column } = source.locate(path);
  const value = valueAt(source.data, path);
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  const best = allowed.length > 0 ? closest(text, [...allowed]) : undefined;
  // A suggestion only when it is plausibly a typo: at most a third of the word differs.
  const suggest = best !== undefined && distance(text.toLowerCase(), best.toLowerCase()) <= Math.max(1, Math.floor(best.length / 3));
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
      return { ...base, message: e.message ?? 'out of range', fix: 'use a value in the allowed range' };
    case 'minItems':
    case 'maxItems':
      return { ...base, message: `${e.message ?? 'wrong number of items'}`, fix: 'give the expected number of values' };
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
