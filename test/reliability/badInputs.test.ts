/**
 * The bad-input corpus (test/fixtures/bad/): one case per file, each run through the CLI entry as a
 * user would meet it. Every case must exit with its documented code (2 bad input, 3 infeasible), name
 * the file, the line or row (where the file has one), the field, and a fix, and write nothing to the
 * output directory. Reader-level details of the same mistakes are in test/scenario and test/workload.
 */
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/runCli.js';
import { tinyScenarioYaml } from '../helpers/tinyScenario.js';

const BAD = new URL('../fixtures/bad/', import.meta.url).pathname;

/** Paths the commands need besides the bad file: a good scenario and a plan made from it. */
interface Context {
  readonly scenario: string;
  readonly plan: string;
}

interface Case {
  readonly file: string;
  readonly command: (bad: string, out: string, ctx: Context) => string[];
  readonly exit: 2 | 3;
  /** Line (scenario, trace row) the message must point at: `file:LINE:` or `file:LINE:COL:`; null for whole-file problems. */
  readonly line: number | null;
  /** Field, column or constraint the message must name. */
  readonly field: string | null;
  readonly message: RegExp;
  /** The fix the message must give (after `Fix:`). */
  readonly fix: RegExp;
}

const plan = (bad: string, out: string) => ['plan', '--scenario', bad, '--out', out, '--quiet', '--no-baseline'];
const simulateTrace = (bad: string, out: string, ctx: Context) => ['simulate', '--plan', ctx.plan, '--scenario', ctx.scenario, '--trace', bad, '--out', out, '--quiet'];

const CASES: readonly Case[] = [
  // Scenarios (llmcap plan)
  { file: 'scenario-malformed.yaml', command: plan, exit: 2, line: 21, field: null, message: /YAML syntax error: Flow sequence .* end with a \]/, fix: /unclosed bracket/ },
  { file: 'scenario-duplicate-key.yaml', command: plan, exit: 2, line: 19, field: 'services[0].demand.meanRps', message: /the key 'meanRps' appears twice/, fix: /keep one of them/ },
  { file: 'scenario-wrong-type.yaml', command: plan, exit: 2, line: 5, field: 'horizon.windows', message: /must be a whole number, not the text 'two'/, fix: /write a whole number here/ },
  { file: 'scenario-unknown-model.yaml', command: plan, exit: 2, line: 9, field: 'services[0].model', message: /unknown model 'Llama-2-7B'/, fix: /did you mean 'Llama-2-70B'/ },
  { file: 'scenario-unknown-gpu.yaml', command: plan, exit: 2, line: 20, field: 'hardware.gpus[0]', message: /unknown GPU type 'H100-80G'/, fix: /did you mean 'H100-80GB'/ },
  { file: 'scenario-nan-rate.yaml', command: plan, exit: 2, line: 18, field: 'services[0].demand.meanRps', message: /must be a finite number \(NaN and Infinity are not allowed\)/, fix: /write a number/ },
  { file: 'scenario-infinite-rate.yaml', command: plan, exit: 2, line: 18, field: 'services[0].demand.meanRps', message: /must be a finite number/, fix: /write a number/ },
  { file: 'scenario-negative-rate.yaml', command: plan, exit: 2, line: 18, field: 'services[0].demand.meanRps', message: /must be >= 0/, fix: /allowed range/ },
  { file: 'scenario-empty-horizon.yaml', command: plan, exit: 2, line: 5, field: 'horizon.windows', message: /must be >= 1/, fix: /allowed range/ },
  { file: 'scenario-missing-field.yaml', command: plan, exit: 2, line: 8, field: 'services[0].demand', message: /required field is missing/, fix: /add 'demand'/ },
  { file: 'scenario-unknown-field.yaml', command: plan, exit: 2, line: 6, field: 'horizon.windowMinute', message: /unknown field 'windowMinute'/, fix: /correct its spelling/ },
  { file: 'scenario-series-length.yaml', command: plan, exit: 2, line: 18, field: 'services[0].demand.totalRps', message: /has 3 values but the horizon has 2 windows/, fix: /one rate per window/ },
  { file: 'scenario-class-shares.yaml', command: plan, exit: 2, line: 14, field: 'services[0].classes.stats', message: /class shares add up to 0\.700, not 1/, fix: /sum to 1/ },
  { file: 'scenario-mean-outside-bin.yaml', command: plan, exit: 2, line: 14, field: 'services[0].classes.stats.SA.input.mean', message: /mean 5000 lies outside the class's bin \[0, 4096\)/, fix: /each class mean falls inside its bin/ },
  { file: 'scenario-binary.yaml', command: plan, exit: 2, line: 1, field: null, message: /the file is binary, not YAML text/, fix: /pass a YAML scenario file/ },
  { file: 'scenario-empty.yaml', command: plan, exit: 2, line: 1, field: null, message: /must be a YAML mapping/, fix: /scenarios\/day\.yaml|llmcap schema/ },
  { file: 'scenario-enum-typo.yaml', command: plan, exit: 2, line: 23, field: 'hardware.roles[0]', message: /the text 'mixd' is not one of 'mixed', 'prefill', 'decode' — did you mean 'mixed'\?/, fix: /write 'mixed'/ },
  { file: 'scenario-alias-bomb.yaml', command: plan, exit: 2, line: null, field: 'aliases', message: /aliases .* expand more than 100 times/, fix: /fewer aliases/ },
  { file: 'scenario-deep-nesting.yaml', command: plan, exit: 2, line: 3, field: null, message: /nests more than 64 levels deep/, fix: /runaway brackets or indentation/ },
  { file: 'scenario-slo-below-unloaded.yaml', command: plan, exit: 3, line: null, field: 'services[0].slo.default', message: /chat\/AA: no candidate config meets p99 TTFT ≤ 5 ms .* gives TTFT \d+ ms .* alone/, fix: /loosen this class's SLO/ },
  { file: 'scenario-power-below-idle.yaml', command: plan, exit: 3, line: null, field: 'power.provisionedKW', message: /\(window 0\): meeting every class's SLO needs ≥ [\d.]+ kW predicted peak power; provisioned 0\.5 kW/, fix: /raise power\.provisionedKW in / },
  // Traces (llmcap simulate --trace, plan --validate --trace, trace fit, trace summarize)
  { file: 'trace-missing-column.csv', command: simulateTrace, exit: 2, line: 1, field: 'header', message: /missing column GeneratedTokens/, fix: /TIMESTAMP,ContextTokens,GeneratedTokens/ },
  { file: 'trace-non-monotonic.csv', command: simulateTrace, exit: 2, line: 4, field: 'TIMESTAMP', message: /time goes backwards: this row is 2\.000 s earlier/, fix: /sort the trace by time/ },
  {
    file: 'trace-negative-tokens.csv',
    // The trace is checked before planning: a bad row must not leave a plan written without its replay.
    command: (bad, out, ctx) => ['plan', '--scenario', ctx.scenario, '--validate', '--trace', bad, '--out', out, '--quiet', '--no-baseline'],
    exit: 2, line: 3, field: 'output_tokens', message: /'-109' is negative/, fix: /whole numbers ≥ 1/,
  },
  { file: 'trace-fractional-tokens.csv', command: (bad, out) => ['trace', 'fit', bad, '-o', join(out, 'fit.yaml'), '--quiet'], exit: 2, line: 3, field: 'output_tokens', message: /'44\.5' is not a whole number/, fix: /whole numbers ≥ 1/ },
  { file: 'trace-garbage-row.csv', command: (bad, out) => ['trace', 'summarize', bad, '--charts', out, '--quiet'], exit: 2, line: 3, field: 'TIMESTAMP', message: /is not a timestamp/, fix: /write timestamps as YYYY-MM-DD HH:MM:SS/ },
  { file: 'trace-binary.bin', command: simulateTrace, exit: 2, line: 1, field: 'header', message: /the file is binary/, fix: /pass a CSV trace/ },
  // A plan cut short (llmcap simulate --plan)
  { file: 'plan-truncated.arrow', command: (bad, out, ctx) => ['simulate', '--plan', bad, '--scenario', ctx.scenario, '--out', out, '--quiet'], exit: 2, line: null, field: null, message: /the Arrow file is truncated \(1200 bytes, its footer is missing/, fix: /plan again with `llmcap plan/ },
  // Counts the replay allocates by: refused before it runs out of memory (a 1e9-instance pool ran main's heap out after 77 s).
  { file: 'plan-huge-instances.csv', command: (bad, out, ctx) => ['simulate', '--plan', bad, '--scenario', ctx.scenario, '--synthetic', '--out', out, '--quiet'], exit: 2, line: null, field: 'row 3.instances', message: /1000000000 is outside 0 to 100000/, fix: /plan\.csv or plan\.arrow written by llmcap plan/ },
  { file: 'deployment-huge-instances.yaml', command: (bad, out, ctx) => ['simulate', '--deployment', bad, '--scenario', ctx.scenario, '--synthetic', '--out', out, '--quiet'], exit: 2, line: 5, field: 'pools[0].instances', message: /must be <= 100000, not 100000000000000000000/, fix: /allowed range \(<= 100000\)/ },
  // Designs (llmcap compare) and profiles (llmcap plan --profiles)
  { file: 'designs-unknown-gpu.yaml', command: (bad, out, ctx) => ['compare', '--scenario', ctx.scenario, '--designs', bad, '--out', out, '--quiet'], exit: 2, line: 8, field: 'designs[1].gpus[1]', message: /unknown GPU type 'A100-80G'/, fix: /did you mean 'A100-80GB'/ },
  { file: 'designs-enum-typo.yaml', command: (bad, out, ctx) => ['compare', '--scenario', ctx.scenario, '--designs', bad, '--out', out, '--quiet'], exit: 2, line: 10, field: 'designs[1].pools', message: /the text 'perclass' is not one of 'by-input-bin', 'by-service-and-input-bin', 'shared', 'per-class', 'optimize' — did you mean 'per-class'\?/, fix: /write 'per-class'/ },
  // Sweep grids (llmcap sweep): a variant's value is checked as a scenario field before any worker starts.
  { file: 'sweep-grid-negative-tbt.yaml', command: (bad, out) => ['sweep', '--scenario', 'scenarios/day.yaml', '--grid', bad, '--out', out, '--quiet'], exit: 2, line: 4, field: 'axes.services[conversation].slo.default.tbt.ms[1]', message: /value -1: scenario field services\[0\]\.slo\.default\.tbt\.ms: must be > 0/, fix: /allowed range/ },
  { file: 'profile-negative-latency.csv', command: (bad, out, ctx) => ['plan', '--scenario', ctx.scenario, '--profiles', bad, '--out', out, '--quiet', '--no-baseline'], exit: 2, line: 3, field: 'column latency_ms', message: /-180 is not positive/, fix: /latency_ms must be greater than 0/ },
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('bad-input corpus (test/fixtures/bad/)', () => {
  const root = mkdtempSync(join(tmpdir(), 'llmcap-bad-corpus-'));
  const ctx: Context = { scenario: join(root, 'tiny.yaml'), plan: join(root, 'plan', 'plan.arrow') };

  beforeAll(async () => {
    writeFileSync(ctx.scenario, tinyScenarioYaml({ windows: 2, rps: 2 }));
    const made = await runCli(['plan', '--scenario', ctx.scenario, '--out', join(root, 'plan'), '--quiet', '--no-baseline']);
    expect(made.code).toBe(0);
  });

  it('has a case for every file in the corpus', () => {
    expect(CASES.map((c) => c.file).sort()).toEqual(readdirSync(BAD).sort());
  });

  it.each(CASES.map((c) => [c.file, c] as const))('%s', async (_name, c) => {
    const bad = join(BAD, c.file);
    const out = join(root, `out-${c.file}`);
    const r = await runCli(c.command(bad, out, ctx));
    expect(r.code, r.stderr).toBe(c.exit);
    expect(r.stderr).toMatch(c.exit === 2 ? /^llmcap: bad input:\n/ : /^llmcap: infeasible:\n/);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at .*\(.*:\d+:\d+\)/); // no stack trace
    expect(r.stderr).toContain(bad);
    if (c.line !== null) expect(r.stderr).toMatch(new RegExp(`${escape(bad)}:${c.line}(:\\d+)?: `));
    if (c.field !== null) expect(r.stderr).toContain(c.field);
    expect(r.stderr).toMatch(c.message);
    expect(r.stderr).toMatch(new RegExp(`Fix: .*${c.fix.source}`));
    expect(r.stdout).toBe('');
    // Nothing written: the output directory does not exist, or is empty.
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });
});
