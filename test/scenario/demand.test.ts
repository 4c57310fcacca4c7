import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scenarioFromText } from '../../src/scenario/index.js';

describe('demand resolution', () => {
  const week = scenarioFromText(readFileSync(new URL('../../scenarios/week.yaml', import.meta.url), 'utf8'), 'week.yaml');

  it('rescales meanRps × shape so the horizon mean equals meanRps, split by class share', () => {
    for (const [service, mean] of [['conversation', 24], ['coding', 11]] as const) {
      const idx = week.classes.map((c, k) => (c.service === service ? k : -1)).filter((k) => k >= 0);
      const total = week.horizon.windows.map((w) => idx.reduce((s, k) => s + (week.demandRps[k]?.[w.index] ?? 0), 0));
      const avg = total.reduce((a, b) => a + b, 0) / total.length;
      expect(avg).toBeCloseTo(mean, 6);
      const shareSum = idx.reduce((s, k) => s + (week.classes[k]?.share ?? 0), 0);
      expect(shareSum).toBeCloseTo(1, 2);
    }
  });

  it("reproduces DynamoLLM's peak-to-mean ratios (conversation ≈ 1.7×, coding ≈ 2.8×)", () => {
    const ratio = (service: string) => {
      const idx = week.classes.map((c, k) => (c.service === service ? k : -1)).filter((k) => k >= 0);
      const total = week.horizon.windows.map((w) => idx.reduce((s, k) => s + (week.demandRps[k]?.[w.index] ?? 0), 0));
      return Math.max(...total) / (total.reduce((a, b) => a + b, 0) / total.length);
    };
    expect(ratio('conversation')).toBeGreaterThan(1.6);
    expect(ratio('conversation')).toBeLessThan(1.8);
    expect(ratio('coding')).toBeGreaterThan(2.6);
    expect(ratio('coding')).toBeLessThan(3.0);
  });

  it('uses Monday-first weekdays and UTC hours for windows', () => {
    expect(week.horizon.windows[0]?.dayOfWeek).toBe(0);
    expect(week.horizon.windows[24 * 5 + 3]?.dayOfWeek).toBe(5);
    expect(week.horizon.windows[24 * 5 + 3]?.hourOfDay).toBe(3);
  });
});
