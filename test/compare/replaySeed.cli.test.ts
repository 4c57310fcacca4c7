/**
 * `compare --seed N` without a deployment: each design is planned (and repaired) as without it, on
 * the scenario's own seed, and only its peak replay runs on seed N — how a plan is checked on seeds
 * other than the one it was planned on (issue 18).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/runCli.js';

describe('llmcap compare --seed (designs)', () => {
  it('plans the same designs and replays them on the seed given', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmcap-compare-seed-'));
    // day.yaml's SinglePool design: a plan at its SLO percentiles, so a replay on another seed measures another share.
    const scenarioPath = 'scenarios/day.yaml';
    const run = async (seed?: string) => {
      const r = await runCli(['compare', '--scenario', scenarioPath, '--designs', 'DynamoLLM-SinglePool', ...(seed ? ['--seed', seed] : []), '--out', join(dir, seed ?? 'own'), '--json', '--quiet']);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout).rows as Record<string, number | string>[];
    };
    const [own, seven] = [await run(), await run('7')];
    const plans = (rows: Record<string, number | string>[]) => rows.map((r) => [r.design, r.gpus_by_type, r.total_cost_usd, r.energy_kwh, r.repair]);
    // --seed 7 changes only the replay: the plan and its repair rounds are the scenario's seed's.
    expect(plans(seven)).toEqual(plans(own));
    expect(seven.map((r) => r.slo_attainment)).not.toEqual(own.map((r) => r.slo_attainment));
    // Point-estimate misses beside the verdict: 'N of M' judged cells, the significant ones among the N.
    for (const r of [...own, ...seven]) {
      const m = /^(\d+) of (\d+)$/.exec(String(r.point_miss_cells));
      expect(m, String(r.point_miss_cells)).not.toBeNull();
      const [below, judged] = [Number(m?.[1]), Number(m?.[2])];
      const failing = Number(/^fail: (\d+)$/.exec(String(r.slo_verdict))?.[1] ?? 0);
      expect(judged).toBeGreaterThan(0);
      expect(below).toBeLessThanOrEqual(judged);
      expect(below).toBeGreaterThanOrEqual(failing);
    }
  }, 120_000);
});
