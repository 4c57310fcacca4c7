/**
 * The reproductions (issue 21): the docs table is well-formed and generated for every declared figure,
 * the tolerance is the paper's saving ±25 %, and the fast subset runs (CI): its static designs hold
 * their pools across windows and its figures come out of the run.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DesignResult } from '../../src/compare/index.js';
import { BEGIN, END, FIGURES, figureOutcome, parseTable, REPRODUCTION_RUNS, reproductionsTable, reproductionsTableProblems, runReproduction, withinTolerance, withTable } from '../../src/reproduce/index.js';
import type { PlanRow } from '../../src/plan/index.js';

const PAGE = fileURLToPath(new URL('../../docs/reproductions.md', import.meta.url));

function block(page: string): string {
  const start = page.indexOf(BEGIN);
  const end = page.indexOf(END, start);
  return page.slice(start + BEGIN.length + 1, end).replace(/\n$/, '');
}

describe('the reproductions table in docs/reproductions.md', () => {
  it('is a well-formed generated table with a row per declared figure', () => {
    const page = readFileSync(PAGE, 'utf8');
    expect(page.indexOf(BEGIN)).toBeGreaterThan(0);
    expect(reproductionsTableProblems(block(page))).toEqual([]);
  });

  it('the check can fail: a missing row, a short row, an undeclared figure', () => {
    const table = reproductionsTable(FIGURES.map((f) => figureOutcome(f, false, undefined)));
    expect(reproductionsTableProblems(table)).toEqual([]);
    const lines = table.split('\n');
    expect(reproductionsTableProblems(lines.slice(0, -1).join('\n')).join()).toMatch(/no row for/);
    expect(reproductionsTableProblems([...lines.slice(0, -1), '| `x` | a | b |'].join('\n')).join()).toMatch(/3 cells/);
    expect(reproductionsTableProblems(table, FIGURES.slice(1).map((f) => f.id)).join()).toMatch(/undeclared/);
  });

  it('a fast run keeps the rows of figures it did not compute', () => {
    const [first, second] = FIGURES;
    if (!first || !second) throw new Error('need two figures');
    const computed = FIGURES.map((f) => figureOutcome(f, false, undefined));
    const page = `intro\n${BEGIN}\n${reproductionsTable(computed)}\n${END}\nend\n`;
    // Pretend the first figure had a value before: a run that did not compute it keeps it.
    const before = page.replace(`| \`${first.id}\` | ${first.paper} | ${first.figure} | `, `| \`${first.id}\` | ${first.paper} | ${first.figure} | KEEP | `);
    const after = withTable(before, computed);
    expect(after).toContain('KEEP');
    expect(after.startsWith('intro\n')).toBe(true);
    expect(after.endsWith(`${END}\nend\n`)).toBe(true);
  });
});

describe('tolerance', () => {
  it("is ±25 % of the paper's saving for a change, and of the factor for a ratio", () => {
    expect(withinTolerance('change', -0.35, -0.27)).toBe(true);
    expect(withinTolerance('change', -0.35, -0.43)).toBe(true);
    expect(withinTolerance('change', -0.35, -0.25)).toBe(false);
    expect(withinTolerance('change', -0.35, 0.35)).toBe(false);
    expect(withinTolerance('ratio', 2.15, 2.6)).toBe(true);
    expect(withinTolerance('ratio', 2.15, 4.5)).toBe(false);
    expect(withinTolerance('ratio', 2.15, Number.NaN)).toBeUndefined();
  });
});

/** Instances per (TP, clock, classes served) and window of a design's plan: its pools as the windows run them. */
function instancesByWindow(rows: readonly PlanRow[], key: (r: PlanRow) => string): Map<string, Map<number, number>> {
  const out = new Map<string, Map<number, number>>();
  for (const r of rows) {
    if (r.role === 'idle') continue;
    const k = key(r);
    const m = out.get(k) ?? new Map<number, number>();
    m.set(r.window, (m.get(r.window) ?? 0) + r.instances);
    out.set(k, m);
  }
  return out;
}

describe('the fast reproductions (CI)', () => {
  const fast = REPRODUCTION_RUNS.filter((r) => !r.slow);
  const results = new Map<string, DesignResult[]>();
  beforeAll(async () => {
    // Without the repair loop, to stay within CI's budget; `npm run reproduce` runs it.
    for (const run of fast) results.set(run.id, await runReproduction(run, { repairRounds: 0 }));
  }, 240_000);

  it('has a fast run, and every figure of it has a value', () => {
    expect(fast.length).toBeGreaterThan(0);
    for (const f of FIGURES.filter((x) => fast.some((r) => r.id === x.run))) {
      const o = figureOutcome(f, false, results.get(f.run));
      expect(Number.isFinite(o.value), f.id).toBe(true);
    }
  });

  it('DynamoLLM 1 h: the static designs run the same pools in every window, ScaleInst does not', () => {
    const run = results.get('dynamollm-conv-1h') ?? [];
    const rowsOf = (name: string) => run.find((r) => r.design.name === name)?.plan?.rows ?? [];
    const windows = new Set(rowsOf('DynamoLLM-SinglePool').map((r) => r.window)).size;
    expect(windows).toBeGreaterThan(1);
    const pool = (r: PlanRow) => `${r.tp}/${r.clockMHz}/${Object.keys(r.ratesRps).sort().join('+')}`;
    const same = (byWindow: Map<string, Map<number, number>>) => [...byWindow.values()].every((m) => new Set(m.values()).size === 1 && m.size === windows);
    expect(same(instancesByWindow(rowsOf('DynamoLLM-SinglePool'), pool))).toBe(true);
    // Per-class pools of MultiPool may stay empty in a window without demand of their class.
    const multi = instancesByWindow(rowsOf('DynamoLLM-MultiPool'), pool);
    expect([...multi.values()].every((m) => new Set(m.values()).size === 1)).toBe(true);
    // ScaleFreq keeps its TP8 instances; their clocks change.
    const freq = instancesByWindow(rowsOf('DynamoLLM-ScaleFreq'), (r) => String(r.tp));
    expect(same(freq)).toBe(true);
    expect(new Set(rowsOf('DynamoLLM-ScaleFreq').map((r) => r.clockMHz)).size).toBeGreaterThan(1);
    // ScaleShard keeps its GPUs at the maximum clock; TP may change.
    const gpus = new Map<number, number>();
    for (const r of rowsOf('DynamoLLM-ScaleShard')) if (r.role !== 'idle') gpus.set(r.window, (gpus.get(r.window) ?? 0) + r.gpus);
    expect(new Set(gpus.values()).size).toBe(1);
    // ScaleInst is SinglePool without the hold: its instances follow the demand.
    const inst = instancesByWindow(rowsOf('DynamoLLM-ScaleInst'), pool);
    expect([...inst.values()].some((m) => new Set(m.values()).size > 1)).toBe(true);
  });

  it('DynamoLLM 1 h: ScaleFreq and DynamoLLM use less energy than SinglePool, and DynamoLLM the least of the one-pool techniques', () => {
    const run = results.get('dynamollm-conv-1h') ?? [];
    const e = (name: string) => run.find((r) => r.design.name === name)?.plan?.totals.energyKWh ?? Number.NaN;
    expect(e('DynamoLLM-ScaleFreq')).toBeLessThan(e('DynamoLLM-SinglePool'));
    expect(e('DynamoLLM-PerClass')).toBeLessThan(e('DynamoLLM-ScaleFreq'));
    expect(e('DynamoLLM-PerClass')).toBeLessThan(e('DynamoLLM-ScaleInst'));
  });

  it('the table rows parse back to the figures', () => {
    const outcomes = FIGURES.map((f) => figureOutcome(f, false, results.get(f.run)));
    const rows = parseTable(reproductionsTable(outcomes));
    expect(rows.map((r) => r[0])).toEqual(FIGURES.map((f) => `\`${f.id}\``));
  });
});
