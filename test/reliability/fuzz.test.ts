/**
 * Property-based fuzzing of the inputs users write or copy (seeded, bounded runs): random mutations
 * of valid scenarios, traces and plan files either pass or fail with a typed InputError that names the
 * file — never another exception, which the CLI would print as an internal error with a stack trace.
 * Mutated scenarios that still validate are planned, and end in a plan or an InfeasibleError.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InfeasibleError, InputError } from '../../src/core/errors.js';
import { planScenario } from '../../src/plan/index.js';
import { fromPlanArrow } from '../../src/report/fromPlanArrow.js';
import { scenarioFromText, type Scenario } from '../../src/scenario/index.js';
import { fromTraceFile } from '../../src/workload/index.js';
import { runCli } from '../helpers/runCli.js';
import { tinyScenarioYaml } from '../helpers/tinyScenario.js';

const SEED = 20_240_513;
const DAY = readFileSync(new URL('../../scenarios/day.yaml', import.meta.url), 'utf8');
const TINY = tinyScenarioYaml({ windows: 2, rps: 2, gpus: ['A100-80GB', 'H100-80GB'], tp: [4, 8], provisionedKW: 40, maxServers: { 'H100-80GB': 4 } });
const TRACES = new URL('../fixtures/traces/', import.meta.url).pathname;

// --- mutations of text -------------------------------------------------------------------------

/** Values a careless edit or a broken generator puts where a number was. */
const BAD_NUMBERS = ['.nan', '.inf', '-.inf', '-1', '-0.001', '0', '1e308', '1e999', '99999999999', '5e-324', '"12"', 'twelve', 'null', '[]', '{}', '~', "'-3'", '0x1F', '1_000'];
const GARBAGE_CHARS = ['\u0000', '\u0007', '\u001b', '\t', '\r', '\uFFFD', '\u00ff', '"', "'", ':', '{', '}', '[', ']', '#', '&', '*', '!', '|', '>', '%', '@', '`', ',', '-', ' ', '\n'];

type Mutation =
  | { kind: 'delete-line'; at: number }
  | { kind: 'duplicate-line'; at: number }
  | { kind: 'number'; at: number; value: string }
  | { kind: 'truncate'; at: number }
  | { kind: 'garbage'; at: number; text: string }
  | { kind: 'swap-lines'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete-line' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate-line' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('number' as const), at: fc.nat(), value: fc.constantFrom(...BAD_NUMBERS) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('garbage' as const), at: fc.nat(), text: fc.array(fc.constantFrom(...GARBAGE_CHARS), { minLength: 1, maxLength: 6 }).map((a) => a.join('')) }),
  fc.record({ kind: fc.constant('swap-lines' as const), at: fc.nat() }),
);

/** Apply one mutation; positions are taken modulo what the text has, so every value means something. */
function mutate(text: string, m: Mutation): string {
  const lines = text.split('\n');
  const line = m.at % Math.max(1, lines.length);
  switch (m.kind) {
    case 'delete-line': {
      // Lines with a key (the interesting ones), not comments.
      const keyed = lines.flatMap((l, i) => (/^\s*-?\s*[\w-]+:/.test(l) ? [i] : []));
      const i = keyed[m.at % Math.max(1, keyed.length)] ?? line;
      return [...lines.slice(0, i), ...lines.slice(i + 1)].join('\n');
    }
    case 'duplicate-line':
      return [...lines.slice(0, line + 1), lines[line] ?? '', ...lines.slice(line + 1)].join('\n');
    case 'swap-lines':
      return lines.map((l, i) => (i === line ? (lines[line + 1] ?? l) : i === line + 1 ? (lines[line] ?? l) : l)).join('\n');
    case 'number': {
      const numbers = [...text.matchAll(NUMBER_PATTERN)];
      const hit = numbers[m.at % Math.max(1, numbers.length)];
      if (!hit || hit.index === undefined) return text;
      return text.slice(0, hit.index) + m.value + text.slice(hit.index + hit[0].length);
    }
    case 'truncate':
      return text.slice(0, m.at % (text.length + 1));
    case 'garbage': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.text + text.slice(at);
    }
  }
}

const mutations = fc.array(mutation, { minLength: 1, maxLength: 3 });

const NUMBER_PATTERN = /(?<=[:\[,]\s*)-?\d+(\.\d+)?(?=\s*[,\]}\n])/g;

/** A 'number' mutation of the first number after `key:` in `text` (regression examples found by fuzzing). */
function numberAt(text: string, key: string, value: string): Mutation {
  const keyAt = text.indexOf(`${key}:`);
  const at = [...text.matchAll(NUMBER_PATTERN)].findIndex((m) => (m.index ?? 0) > keyAt);
  return { kind: 'number', at, value };
}

/** The outcome of reading scenario text: the scenario, or the InputError (anything else fails the property). */
function readScenario(text: string, file: string): Scenario | InputError {
  try {
    return scenarioFromText(text, file);
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
}

function expectWellFormed(err: InputError, file: string): void {
  expect(err.problems.length).toBeGreaterThan(0);
  for (const p of err.problems) {
    expect(p.file).toBe(file);
    expect(p.message.length).toBeGreaterThan(0);
    expect(p.message).not.toMatch(/undefined|\[object Object\]/);
  }
}

describe('fuzzed scenarios', () => {
  // Validation alone is a few milliseconds, so these run more cases than the planning ones below.
  it('mutated day.yaml: valid, or an InputError naming the file and a field or line', () => {
    fc.assert(
      fc.property(mutations, (ms) => {
        const text = ms.reduce(mutate, DAY);
        const r = readScenario(text, 'day-mutated.yaml');
        if (r instanceof InputError) expectWellFormed(r, 'day-mutated.yaml');
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('mutated tiny scenario: valid, or an InputError naming the file', () => {
    fc.assert(
      fc.property(mutations, (ms) => {
        const r = readScenario(ms.reduce(mutate, TINY), 'tiny-mutated.yaml');
        if (r instanceof InputError) expectWellFormed(r, 'tiny-mutated.yaml');
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  // Only number changes: those are the mutations that can leave a valid but extreme scenario.
  const numberOnly = fc.array(fc.record({ kind: fc.constant('number' as const), at: fc.nat(), value: fc.constantFrom('0', '1e308', '99999999999', '5e-324', '1e-9', '1', '100000', '0.5') }), { minLength: 1, maxLength: 2 });

  it('mutated tiny scenario that still validates: planned, or an InfeasibleError that explains itself', async () => {
    let planned = 0;
    await fc.assert(
      fc.asyncProperty(numberOnly, async (ms) => {
        const r = readScenario(ms.reduce(mutate, TINY), 'tiny-mutated.yaml');
        if (r instanceof InputError) return;
        try {
          await planScenario(r, { timeLimitSec: 20 });
          planned++;
        } catch (err) {
          if (!(err instanceof InfeasibleError || err instanceof InputError)) throw err;
          expect(err.message.length).toBeGreaterThan(20);
        }
      }),
      { seed: SEED, numRuns: 20 },
    );
    expect(planned).toBeGreaterThan(0);
  });

  it('through the CLI: a mutated scenario exits 0, 2 or 3 with no stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmcap-fuzz-cli-'));
    await fc.assert(
      fc.asyncProperty(mutations, async (ms) => {
        const file = join(dir, 'mutated.yaml');
        writeFileSync(file, ms.reduce(mutate, TINY));
        const r = await runCli(['validate', file, '--json']);
        expect([0, 2]).toContain(r.code);
        expect(r.stderr).not.toMatch(/internal error/);
        const json = JSON.parse(r.stdout) as { ok: boolean; problems?: { file: string }[] };
        expect(json.ok).toBe(r.code === 0);
        if (!json.ok) expect(json.problems?.[0]?.file).toBe(file);
      }),
      { seed: SEED, numRuns: 40 },
    );
  });

  it('through the CLI: plan on a scenario with extreme numbers exits 0, 2 or 3, writing all outputs or none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmcap-fuzz-plan-'));
    let run = 0;
    await fc.assert(
      fc.asyncProperty(numberOnly, async (ms) => {
        const file = join(dir, 'mutated.yaml');
        const out = join(dir, `out-${run++}`);
        writeFileSync(file, ms.reduce(mutate, TINY));
        // --no-repair: a valid extreme scenario's replay-and-repair check is slow (its edges are
        // test/repair/repairLoopLimits.test.ts, where this property's zero demand crashed the loop).
        const r = await runCli(['plan', '--scenario', file, '--out', out, '--json', '--quiet', '--no-baseline', '--time-limit', '20', '--no-repair']);
        expect([0, 2, 3], r.stderr).toContain(r.code);
        expect(r.stderr).not.toMatch(/internal error/);
        expect(JSON.parse(r.stdout)).toMatchObject({ ok: r.code === 0 });
        const written = existsSync(out) ? readdirSync(out).sort() : [];
        expect(written).toEqual(r.code === 0 ? ['manifest.json', 'plan.arrow', 'plan.csv', 'procurement.csv', 'report.html', 'summary.json'] : []);
      }),
      {
        seed: SEED,
        numRuns: 12,
        // Found by this property: zero demand crashed the report (exit 1), 1e308 req/s overflowed the solver.
        examples: [[[numberAt(TINY, 'meanRps', '0')]], [[numberAt(TINY, 'meanRps', '1e308')]], [[numberAt(TINY, 'windowMinutes', '1e308')]]],
      },
    );
  });
});

// --- traces ------------------------------------------------------------------------------------

describe('fuzzed traces', () => {
  const dir = mkdtempSync(join(tmpdir(), 'llmcap-fuzz-trace-'));
  const bases = ['azure_crlf.csv', 'generic_seconds.csv', 'generic_services.csv', 'azure_2024_mixed.csv'].map((name) => ({ name, text: readFileSync(join(TRACES, name), 'latin1') }));

  it('mutated traces: read through, or an InputError naming the file, the line and the column', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), mutations, fc.boolean(), async (pick, ms, skipBadRows) => {
        const base = bases[pick % bases.length] ?? bases[0];
        if (!base) return;
        const file = join(dir, `mutated-${base.name}`);
        writeFileSync(file, Buffer.from(ms.reduce(mutate, base.text), 'latin1'));
        try {
          const source = await fromTraceFile(file, 'auto', { skipBadRows });
          let rows = 0;
          for await (const c of source.chunks()) {
            rows += c.length;
            for (let i = 0; i < c.length; i++) {
              expect(Number.isFinite(c.arrivalS[i])).toBe(true);
              expect(c.inputTokens[i]).toBeGreaterThanOrEqual(1);
              expect(c.outputTokens[i]).toBeGreaterThanOrEqual(1);
            }
          }
          expect(rows).toBeGreaterThan(0);
        } catch (err) {
          if (!(err instanceof InputError)) throw err;
          const p = err.problems[0];
          expect(p?.file).toBe(file);
          expect(p?.line).toBeGreaterThanOrEqual(1);
          expect(p?.field?.length ?? 0).toBeGreaterThan(0);
          expect(p?.fix?.length ?? 0).toBeGreaterThan(0);
        }
      }),
      { seed: SEED, numRuns: 120 },
    );
  });
});

// --- plan.arrow --------------------------------------------------------------------------------

describe('a plan.arrow cut short', () => {
  it('at every length: an InputError naming the file, never another exception', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmcap-fuzz-arrow-'));
    const scenario = join(dir, 'tiny.yaml');
    writeFileSync(scenario, tinyScenarioYaml({ windows: 2, rps: 2 }));
    const made = await runCli(['plan', '--scenario', scenario, '--out', dir, '--quiet', '--no-baseline']);
    expect(made.code).toBe(0);
    const bytes = readFileSync(join(dir, 'plan.arrow'));
    expect(fromPlanArrow(bytes, 'plan.arrow').rows.length).toBeGreaterThan(0);
    // Exhaustive rather than random: a plan is a few kB.
    for (let n = 0; n < bytes.length; n++) {
      let caught: unknown;
      try {
        fromPlanArrow(bytes.subarray(0, n), 'cut.arrow');
      } catch (err) {
        caught = err;
      }
      expect(caught, `cut at ${n} bytes`).toBeInstanceOf(InputError);
      expect((caught as InputError).problems[0]?.file).toBe('cut.arrow');
    }
  });
});
