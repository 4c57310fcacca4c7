/**
 * `compare` puts every design's plan through the same replay-and-repair loop as `plan` (issue 18):
 * in iso-power mode the highest demand scale is replayed at that scale, and a correction lowers the
 * scale the next round finds. The slice is week.yaml's Monday 13:00 peak on H100 TP8 mixed pools on
 * the vllm-2025 preset, where linear class mixing is optimistic (test/repair/planWithRepair.test.ts).
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareDesigns, type Design, type DesignResult } from '../../src/compare/index.js';
import { scenarioFromText } from '../../src/scenario/index.js';

const WEEK = new URL('../../scenarios/week.yaml', import.meta.url).pathname;

describe('compare: every design through the replay-and-repair loop (iso-power, one peak hour)', () => {
  let once: DesignResult | undefined;
  let repaired: DesignResult | undefined;

  beforeAll(async () => {
    const text = readFileSync(WEEK, 'utf8')
      .replace("start: '2024-05-13T00:00:00Z'", "start: '2024-05-13T13:00:00Z'")
      .replace('windows: 168', 'windows: 1')
      .replace('gpus: [A100-80GB, H100-80GB, H200, L40S]', 'gpus: [H100-80GB]')
      .replace('tp: [1, 2, 4, 8]', 'tp: [8]')
      .replace('clocks: { count: 5, minFraction: 0.4 }', 'clocks: { count: 1 }')
      .replace('roles: [mixed, prefill, decode]', 'roles: [mixed]\n  stack: [vllm-2025]');
    const scenario = scenarioFromText(text, WEEK);
    if (scenario.hardware.gpus.join() !== 'H100-80GB' || scenario.hardware.roles.join() !== 'mixed') throw new Error('week.yaml hardware lines changed: update the narrowing above');
    const design: Design = { name: 'H100 TP8 mixed', description: 'the narrowed scenario as it is', clocks: 'scenario' };
    [once] = await compareDesigns(scenario, [design], { mode: 'iso-power', repairRounds: 0 });
    [repaired] = await compareDesigns(scenario, [design], { mode: 'iso-power', repairRounds: 3, threads: 2 });
  }, 300_000);

  it('finds the highest-scale plan missing at that scale, and repairs it to one that passes at a lower scale', () => {
    expect(once?.error).toBeUndefined();
    expect(once?.plan?.repair).toBeUndefined();
    const r = repaired?.plan?.repair;
    expect(r?.cellsMissedBefore).toBeGreaterThan(0);
    expect(r?.rounds).toBeGreaterThanOrEqual(1);
    expect(r?.cellsMissedAfter).toBe(0);
    // The same power now carries less demand: the first plan's scale was the model's optimism.
    expect(repaired?.scale).toBeLessThan(once?.scale ?? 0);
    expect(repaired?.scale).toBeGreaterThan(0);
  });
});
