/**
 * The `--json` success object of every command, declared once: its keys, each with what it holds.
 * Each command builds its object with `satisfies JsonObjectOf<…>`, so a key printed without a
 * declaration here, or declared and no longer printed, fails to compile; docs/outputs.md's
 * `--json` table is generated from JSON_OUTPUTS (test/docs/generatedBlocks.test.ts keeps it in sync).
 */

/** One command's `--json` object. */
export interface JsonOutput<K extends string = string, Opt extends K = K> {
  readonly command: string;
  /** The keys the command writes itself, in print order; the description says what the value holds (may be empty). */
  readonly fields: Readonly<Record<K, string>>;
  /** Keys written only in some runs (the rest are always there). */
  readonly optional?: readonly Opt[];
  /** What follows the declared keys: another documented object's fields spread in, if any. */
  readonly then?: string;
  readonly note?: string;
}

/** The object literal a command prints: every declared key, no other (the optional ones may be left out). */
export type JsonObjectOf<O> = O extends JsonOutput<infer K, infer Opt> ? { readonly [P in Exclude<K, Opt>]: unknown } & { readonly [P in Opt]?: unknown } : never;

const jsonOutput = <const K extends string, const Opt extends K = never>(o: JsonOutput<K, Opt>): JsonOutput<K, Opt> => o;

export const PLAN_JSON = jsonOutput({
  command: 'plan',
  fields: { ok: '', outDir: '', report: '(path of report.html)' },
  then: "summary.json's fields",
  note: 'Exit 4 (limit reached, plan written) prints it too, with `solve.limitReached: true`. With `--validate` a second line follows: the replay\'s object, as `simulate` prints it',
});

export const SIMULATE_JSON = jsonOutput({
  command: 'simulate',
  fields: { ok: '', command: '(`simulate` or `plan --validate`)', outDir: '', wallSeconds: '(the replay\'s wall time)' },
  then: "replay.json's fields",
});

export const COMPARE_JSON = jsonOutput({
  command: 'compare',
  fields: { ok: '', outDir: '', scenario: '', objective: 'cost, energy or carbon: what every design minimized', rows: "[one per design, compare.csv's columns]" },
  note: 'A design without a plan is a row with its reason in `note` (exit 0); exit 3 only when no design has a plan',
});

export const COMPARE_DEPLOYMENT_JSON = jsonOutput({
  command: 'compare --deployment',
  fields: { ok: '', outDir: '', scenario: '', deployment: '', rows: '[one per routing policy, [its columns](deployments.md#comparing-routing-policies-on-one-deployment)]' },
});

export const VALIDATE_JSON = jsonOutput({
  command: 'validate',
  fields: { ok: '', file: '', name: '', windows: '', windowHours: '', services: '[{name, model, classes}]', gpus: '', tp: '', clocksMHz: '', peakDemandRps: '', provisionedKW: '' },
});

export const SCHEMA_JSON: JsonOutput = {
  command: 'schema',
  fields: {},
  then: 'the JSON Schema itself (pretty-printed; `--json` changes nothing)',
};

export const CAPACITY_JSON = jsonOutput({
  command: 'capacity',
  fields: { ok: '', scenario: '', sloTargets: '{class: targets}', rows: '[{id, model, gpu, tp, clockMHz, role, configId, classId, maxRps, binding, …, idlePowerW}]', emptyReason: '(when no row matches the filters: why)' },
  optional: ['emptyReason'],
});

export const TRACE_SUMMARIZE_JSON = jsonOutput({
  command: 'trace summarize',
  fields: { ok: '', format: '', charts: '(paths of the charts written)' },
  then: 'the summary (requests, span, rates per window, token quantiles, class mix)',
});

export const TRACE_FIT_JSON = jsonOutput({
  command: 'trace fit',
  fields: {
    ok: '', out: '', name: '', start: '', windows: '', windowS: '', repeated: '',
    services: '[{name, requests, classes}]', peakDemandRps: '', arrivals: '', burstiness: '', skippedRows: '',
    traceWindows: "[{start, requests}]: the trace's own windows, as `simulate --trace` replays them",
  },
});

export const TRACE_SYNTH_JSON = jsonOutput({
  command: 'trace synth',
  fields: { ok: '', out: '', scenario: '', requests: '', expectedRequests: '', windows: '', seed: '', arrivals: '', burstiness: '' },
});

export const PROFILES_LIST_JSON = jsonOutput({ command: 'profiles list', fields: { ok: '', tables: '' } });
export const PROFILES_SHOW_JSON = jsonOutput({ command: 'profiles show', fields: { ok: '', model: '', gpu: '', tp: '', source: '', rows: '' } });
export const PROFILES_PLOT_JSON = jsonOutput({ command: 'profiles plot', fields: { ok: '', file: '', points: '', clocksMHz: '', source: '', clamped: '' } });
export const PROFILES_GENERATE_JSON = jsonOutput({ command: 'profiles generate', fields: { ok: '', outDir: '', files: '[{name, model, rows, bytes}]', totalBytes: '' } });
export const PROFILES_IMPORT_JSON = jsonOutput({ command: 'profiles import', fields: { ok: '', out: '', rows: '', configs: '', notes: '' } });
export const PROFILES_CHECK_JSON = jsonOutput({
  command: 'profiles check',
  fields: { ok: '(false when a check point leaves its tolerance; exit 1)', presets: "[{stack, description, points}]: each preset's published points", checkPoints: '', perfModel: '(with `--perf-model`)' },
});

export const PROFILES_FIT_JSON = jsonOutput({
  command: 'profiles fit',
  fields: {
    ok: '', preset: '(path of the fitted preset)', table: '(path of the fitted profile table)', base: '', gpu: '', runs: '', measurements: '', rmsLogResidual: '', fixed: '',
    parameters: '[{key, base, value, relStdError}]', residuals: '[{run, quantity, measured, model, logResidual}]',
  },
});
export const PROFILES_MEASURE_PLAN_JSON = jsonOutput({
  command: 'profiles measure-plan',
  fields: { ok: '', base: '', repeats: '', fixed: '', expected: "(the fit's expected standard errors)", runs: '', script: '(the bash script)' },
});

export const SWEEP_JSON = jsonOutput({
  command: 'sweep',
  fields: { ok: '(false when a variant hit a bug or the run was interrupted)', command: '', outDir: '', shard: '', workers: '', variants: '', inShard: '', planned: '', resumed: '', byStatus: '', complete: '', missing: '', files: '', seconds: '' },
  note: 'Printed at the end',
});
export const SWEEP_MERGE_JSON = jsonOutput({ command: 'sweep merge', fields: { ok: '', command: '', outDir: '', dirs: '', variants: '', files: '' } });
export const SWEEP_K8S_JSON = jsonOutput({ command: 'sweep k8s', fields: { ok: '', command: '', outDir: '', job: '', shards: '', variants: '', files: '' } });

export const DEPLOYMENT_FROM_PLAN_JSON = jsonOutput({
  command: 'deployment from-plan',
  fields: { ok: '', name: '', yaml: '(the file, without `--out`)', out: '(with `--out`)', pools: '(with `--out`: pool rows written)' },
  optional: ['yaml', 'out', 'pools'],
});

export const REPRODUCE_JSON = jsonOutput({
  command: 'reproduce',
  fields: { ok: '', figures: "[{id, paper, figure, kind, paperValue, value, ratio, within, slow}: one per figure of the registry ([reproductions](reproductions.md))]" },
});

/** In the docs table's order. */
export const JSON_OUTPUTS: readonly JsonOutput[] = [
  PLAN_JSON, VALIDATE_JSON, SCHEMA_JSON, CAPACITY_JSON, TRACE_SUMMARIZE_JSON, TRACE_FIT_JSON, TRACE_SYNTH_JSON,
  PROFILES_LIST_JSON, PROFILES_SHOW_JSON, PROFILES_PLOT_JSON, PROFILES_GENERATE_JSON, PROFILES_IMPORT_JSON, PROFILES_CHECK_JSON, PROFILES_FIT_JSON, PROFILES_MEASURE_PLAN_JSON,
  SIMULATE_JSON, COMPARE_JSON, COMPARE_DEPLOYMENT_JSON, SWEEP_JSON, SWEEP_MERGE_JSON, SWEEP_K8S_JSON, DEPLOYMENT_FROM_PLAN_JSON, REPRODUCE_JSON,
];

/** The `| command | --json object |` table of docs/outputs.md. */
export function jsonOutputsMarkdown(outputs: readonly JsonOutput[] = JSON_OUTPUTS): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const row = (o: JsonOutput) => {
    const keys = Object.entries(o.fields).map(([key, what]) => `\`${key}\`${what ? ` ${what}` : ''}`);
    const listed = [keys.join(', '), o.then ? (keys.length > 0 ? `then ${o.then}` : o.then) : ''].filter((s) => s !== '').join(', ');
    return `| \`${o.command}\` | ${cell(o.note ? `${listed}. ${o.note}` : listed)} |`;
  };
  return ['| command | `--json` object |', '|---|---|', ...outputs.map(row)].join('\n');
}
