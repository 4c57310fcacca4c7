/**
 * A small sweep for tests: scenarios/day.yaml cut to two windows at its peak (13:00–15:00), H100/A100
 * at TP 8 and two clocks, so each variant plans in about a second, far from any solver limit; and a
 * grid of 6 variants (power budget × H100 price).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

const DAY = new URL('../../scenarios/day.yaml', import.meta.url).pathname;

export interface SweepFixture {
  readonly dir: string;
  readonly base: string;
  /** 3 power budgets × 2 H100 prices = 6 variants. */
  readonly grid: string;
  readonly variants: number;
  /** Delete the fixture's directory and everything the test wrote in it (call in afterAll). */
  readonly remove: () => void;
}

export function smallDayYaml(): string {
  const doc = parse(readFileSync(DAY, 'utf8')) as Record<string, Record<string, unknown>>;
  doc['horizon'] = { start: '2024-05-13T13:00:00Z', windows: 2, windowMinutes: 60 };
  doc['hardware'] = { ...doc['hardware'], tp: [8], clocks: { count: 2, minFraction: 0.7 } };
  return stringify(doc);
}

export function sweepFixture(): SweepFixture {
  const dir = mkdtempSync(join(tmpdir(), 'llmcap-sweep-'));
  const base = join(dir, 'day2.yaml');
  writeFileSync(base, smallDayYaml());
  const grid = join(dir, 'grid.yaml');
  writeFileSync(grid, 'axes:\n  power.provisionedKW: [150, 300, 400]\n  prices.gpuHourUsd.H100-80GB: [3.5, 4.76]\n');
  return { dir, base, grid, variants: 6, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
