/**
 * Property suite over the CLI (fast-check, fixed seed): every command that reads a file × every kind
 * of corruption (truncation, byte flips, wrong types, giant numbers, empty file, another kind of
 * file). Each run ends with a documented exit code — never 1 "internal error" (profiles check's
 * documented 1 is not among these commands' inputs) — prints no stack trace, and a failed run
 * leaves no outputs. Commands run in-process (test/helpers/runCli.ts): spawning hundreds of
 * processes would not fit CI's budget. Cases per (command × kind): LLMCAP_FUZZ_RUNS (default 25; more for a deeper local run).
 *
 * Corrupted inputs that still validate are planned or replayed, which is where the time goes; to fit
 * 50 of them per kind in CI's 15 minutes on 2 cores, that work is kept small: the commands that compute
 * capacities use the analytic model (--analytic: the built-in tables are not decoded for every case;
 * fuzz.test.ts plans extreme scenarios on the tables), the designs file holds three designs, the
 * replayed scenario carries 0.5 req/s (3,600 requests) rather than 2, and plans skip the
 * replay-and-repair check (--no-repair: its edges are test/repair/repairLoopLimits.test.ts).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromProfileCsvText } from '../../src/profiles/fromProfileCsv.js';
import { toProfileArrow } from '../../src/profiles/toProfileArrow.js';
import { runCli } from '../helpers/runCli.js';
import { tinyScenarioYaml } from '../helpers/tinyScenario.js';

const SEED = 20_261_204;
const RUNS = Number(process.env.LLMCAP_FUZZ_RUNS ?? 25);
const ROOT = new URL('../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'llmcap-cli-fuzz-'));
const TINY = tinyScenarioYaml({ windows: 2, rps: 0.5 });
const TRACE = readFileSync(join(ROOT, 'test/fixtures/traces/azure_2024_mixed.csv'), 'utf8');
// Three designs that between them set every kind of field a design has (lists, maps, enums, numbers).
const DESIGNS = [
  'designs:',
  '  - name: Split-HHcap',
  '    description: phase split on H100, token machines power-capped at 70 % of TDP',
  '    gpus: [H100-80GB]',
  '    roles: [prefill, decode]',
  '    roleGpus: { prefill: [H100-80GB], decode: [H100-80GB] }',
  '    powerCap: { decode: 0.7 }',
  '    clocks: max',
  '    powerBudget: nameplate',
  '  - name: SinglePool',
  '    gpus: [H100-80GB]',
  '    roles: [mixed]',
  '    tp: [8]',
  '    clocks: max',
  '    pools: shared',
  '  - name: PerClass',
  '    roles: [mixed]',
  '    pools: per-class',
].join('\n');
// A valid table of the profile contract (profiles/README.md "Table format"): corruptions start from a file that imports.
const GENERIC_PROFILE = [
  'model,gpu,tp,freq_mhz,phase,batch_size,tokens,latency_ms,power_w,source',
  'Llama-2-70B,H100-80GB,8,1980,prefill,1,1024,120,5200,lab',
  'Llama-2-70B,H100-80GB,8,1980,decode,8,1024,30,4100,lab',
].join('\n');
const SERVING_RESULT = 'test/fixtures/calibration/vllm-serving/vllm-05-tp1-1980-c128-i128-o64.json';
// A sweep grid with both forms: listed variants and a crossed axis.
const GRID = ['variants:', '  - services[chat].demand.meanRps: 0.5', '  - services[chat].demand.meanRps: 1', '    power.provisionedKW: 300', 'axes:', '  prices.gpuHourUsd.H100-80GB: [3.5, 4.76]'].join('\n');
const PROFILE_ARROW = Buffer.from(toProfileArrow(fromProfileCsvText(GENERIC_PROFILE, 'p.csv')));

type Kind = 'truncate' | 'flip' | 'wrong-type' | 'giant-number' | 'empty' | 'wrong-kind';
const KINDS: readonly Kind[] = ['truncate', 'flip', 'wrong-type', 'giant-number', 'empty', 'wrong-kind'];
const GIANT = ['1e308', '1e999', '-1e308', '99999999999999999999', '1.7976931348623157e309', 'Infinity', 'NaN', '-0', '4294967296'];
const WRONG_TYPE = ['"text"', '[]', '{}', 'null', 'true', '~', 'abc', '[1, 2]', '""'];

/** The corruption of `valid` a case draws: positions are taken modulo the file's size. */
function corruption(kind: Kind, valid: Buffer, others: readonly Buffer[]): fc.Arbitrary<Buffer> {
  const numbers = [...valid.toString('latin1').matchAll(/-?\d+(?:\.\d+)?(?:e[+-]?\d+)?/gi)];
  const replaceNumber = (pick: number, by: string) => {
    const m = numbers[pick % Math.max(numbers.length, 1)];
    if (!m || m.index === undefined) return Buffer.concat([valid, Buffer.from(by)]);
    const text = valid.toString('latin1');
    return Buffer.from(text.slice(0, m.index) + by + text.slice(m.index + m[0].length), 'latin1');
  };
  switch (kind) {
    case 'truncate':
      return fc.nat().map((at) => valid.subarray(0, at % Math.max(valid.length, 1)));
    case 'flip':
      return fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 8 }).map((flips) => {
        const b = Buffer.from(valid);
        for (const [at, mask] of flips) b[at % b.length] = (b[at % b.length] as number) ^ mask;
        return b;
      });
    case 'wrong-type':
      return fc.tuple(fc.nat(), fc.constantFrom(...WRONG_TYPE)).map(([pick, by]) => replaceNumber(pick, by));
    case 'giant-number':
      return fc.tuple(fc.nat(), fc.constantFrom(...GIANT)).map(([pick, by]) => replaceNumber(pick, by));
    case 'empty':
      return fc.constantFrom(Buffer.alloc(0), Buffer.from('\n'), Buffer.from('   '), Buffer.from('\uFEFF'));
    case 'wrong-kind':
      return fc.tuple(fc.constantFrom(...others), fc.nat()).map(([other, cut]) => (cut % 3 === 0 ? other.subarray(0, Math.max(1, cut % other.length)) : other));
  }
}

interface Target {
  readonly command: string;
  /** The file to corrupt, valid. */
  readonly valid: () => Buffer;
  readonly ext: string;
  /** Arguments with the corrupted file at `file` and an output location `out` that must stay empty on failure. */
  readonly args: (file: string, out: string) => string[];
  /** Exit codes the command documents for this input (docs/troubleshooting.md "Exit codes"). */
  readonly codes: readonly number[];
}

let planArrow: Buffer;
let deployment: Buffer;
let planDir: string;
/** A folder of built-in tables holding the small profile table alone: listing reads it instead of the package's ~6 MB. */
let tablesDir: string;
const fixed = (text: string) => () => Buffer.from(text);
const TARGETS: readonly Target[] = [
  { command: 'validate', valid: fixed(TINY), ext: 'yaml', args: (f) => ['validate', f, '--json'], codes: [0, 2] },
  { command: 'plan', valid: fixed(TINY), ext: 'yaml', args: (f, out) => ['plan', '--scenario', f, '--out', out, '--quiet', '--json', '--no-baseline', '--no-repair', '--time-limit', '2', '--solver', 'highs', '--analytic'], codes: [0, 2, 3, 4, 5] },
  { command: 'capacity', valid: fixed(TINY), ext: 'yaml', args: (f) => ['capacity', '--scenario', f, '--json', '--analytic'], codes: [0, 2] },
  { command: 'simulate --plan', valid: () => planArrow, ext: 'arrow', args: (f, out) => ['simulate', '--plan', f, '--scenario', join(planDir, 'tiny.yaml'), '--out', out, '--quiet', '--json', '--analytic'], codes: [0, 2] },
  { command: 'simulate --trace', valid: fixed(TRACE), ext: 'csv', args: (f, out) => ['simulate', '--plan', join(planDir, 'out', 'plan.arrow'), '--scenario', join(planDir, 'tiny.yaml'), '--trace', f, '--out', out, '--quiet', '--json', '--analytic'], codes: [0, 2] },
  { command: 'compare --designs', valid: fixed(DESIGNS), ext: 'yaml', args: (f, out) => ['compare', '--scenario', join(planDir, 'tiny.yaml'), '--designs', f, '--out', out, '--quiet', '--json', '--no-replay', '--no-repair', '--time-limit', '2', '--analytic'], codes: [0, 2, 3, 4, 5] },
  { command: 'trace summarize', valid: fixed(TRACE), ext: 'csv', args: (f) => ['trace', 'summarize', f, '--json'], codes: [0, 2] },
  { command: 'trace fit', valid: fixed(TRACE), ext: 'csv', args: (f, out) => ['trace', 'fit', f, '-o', join(out, 'fit.yaml'), '--json'], codes: [0, 2] },
  { command: 'profiles import', valid: fixed(GENERIC_PROFILE), ext: 'csv', args: (f, out) => ['profiles', 'import', f, '--format', 'generic', '-o', join(out, 'p.csv'), '--json'], codes: [0, 2] },
  { command: 'profiles list --profiles', valid: () => PROFILE_ARROW, ext: 'arrow', args: (f) => ['profiles', 'list', '--dir', tablesDir, '--profiles', f, '--json'], codes: [0, 2] },
  { command: 'deployment from-plan', valid: () => planArrow, ext: 'arrow', args: (f, out) => ['deployment', 'from-plan', f, '-o', join(out, 'deployment.yaml'), '--json'], codes: [0, 2] },
  { command: 'simulate --deployment', valid: () => deployment, ext: 'yaml', args: (f, out) => ['simulate', '--deployment', f, '--scenario', join(planDir, 'tiny.yaml'), '--synthetic', '--out', out, '--quiet', '--json', '--analytic'], codes: [0, 2] },
  // sweep k8s validates every variant of the grid as sweep does, without planning them.
  { command: 'sweep k8s --grid', valid: fixed(GRID), ext: 'yaml', args: (f, out) => ['sweep', 'k8s', '--scenario', join(planDir, 'tiny.yaml'), '--grid', f, '--shards', '1', '--image', 'llmcap:test', '--pvc', 'data', '--out', out, '--json'], codes: [0, 2] },
  // One vLLM serving result (TTFT, ITL, power): enough to fit the two parameters left free; a corrupted one is refused (exit 2).
  { command: 'profiles fit', valid: () => readFileSync(join(ROOT, SERVING_RESULT)), ext: 'json', args: (f, out) => ['profiles', 'fit', '--preset', 'vllm-2025', '--fix', 'etaAttentionPrefill', 'etaComputeDecode', 'kvReadEfficiency', 'overheadStepMs', 'overheadPerLog2TpMs', 'overheadPerSequenceMs', 'powerDramW', 'powerOnChipMemW', '--out', out, f, '--json'], codes: [0, 2] },
  { command: 'trace synth --scenario', valid: fixed(TINY), ext: 'yaml', args: (f, out) => ['trace', 'synth', '--scenario', f, '-o', join(out, 'trace.csv'), '--quiet', '--json'], codes: [0, 2] },
];

beforeAll(async () => {
  planDir = mkdtempSync(join(dir, 'plan-'));
  writeFileSync(join(planDir, 'tiny.yaml'), TINY);
  const r = await runCli(['plan', '--scenario', join(planDir, 'tiny.yaml'), '--out', join(planDir, 'out'), '--quiet', '--no-baseline', '--no-repair', '--analytic']);
  expect(r.code, r.stderr).toBe(0);
  planArrow = readFileSync(join(planDir, 'out', 'plan.arrow'));
  const d = await runCli(['deployment', 'from-plan', join(planDir, 'out', 'plan.arrow'), '-o', join(planDir, 'deployment.yaml')]);
  expect(d.code, d.stderr).toBe(0);
  // Its comments name the plan's path: a temporary directory, which would change the bytes (and the cases) from run to run.
  deployment = Buffer.from(readFileSync(join(planDir, 'deployment.yaml'), 'utf8').replaceAll(join(planDir, 'out', 'plan.arrow'), 'out/plan.arrow'));
  tablesDir = join(planDir, 'tables');
  mkdirSync(tablesDir);
  writeFileSync(join(tablesDir, 'Llama-2-70B.arrow.gz'), gzipSync(PROFILE_ARROW));
}, 60_000);

function readdirRecursive(d: string): string[] {
  return existsSync(d) ? readdirSync(d, { recursive: true }).map(String) : [];
}

let caseNo = 0;
describe.each(TARGETS)('$command', (target) => {
  it.each(KINDS)('× %s: a documented exit code, no stack trace, no outputs on failure', async (kind) => {
    const others = [Buffer.from(TINY), planArrow, Buffer.from(TRACE), Buffer.from(DESIGNS), Buffer.from(GENERIC_PROFILE), PROFILE_ARROW, deployment, Buffer.from(GRID), Buffer.from([0, 1, 2, 255, 254])].filter((b) => !b.equals(target.valid()));
    const seen: Record<number, number> = {};
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(corruption(kind, target.valid(), others), async (bytes) => {
        const n = caseNo++;
        const file = join(dir, `case-${n}.${target.ext}`);
        const out = join(dir, `out-${n}`);
        writeFileSync(file, bytes);
        const runStarted = performance.now();
        const r = await runCli(target.args(file, out));
        seen[r.code] = (seen[r.code] ?? 0) + 1;
        expect(target.codes, `${target.command} ${kind}: exit ${r.code}\n${r.stderr}`).toContain(r.code);
        expect(r.stderr).not.toMatch(/internal error|\n\s+at .+:\d+:\d+/);
        expect(performance.now() - runStarted, 'each run within 10 s').toBeLessThan(10_000);
        // A failed run writes nothing.
        if (r.code !== 0 && r.code !== 4) expect(readdirRecursive(out), `${target.command} ${kind}: exit ${r.code} left outputs`).toEqual([]);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    expect(Object.values(seen).reduce((a, b) => a + b, 0)).toBe(RUNS);
    console.log(`cli fuzz ${target.command} × ${kind}: ${RUNS} cases in ${((performance.now() - started) / 1000).toFixed(1)} s, exit codes ${JSON.stringify(seen)}`);
  }, 600_000);
});
