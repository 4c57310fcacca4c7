/**
 * `llmcap profiles check` prints the residuals per engine preset (issue 24): for each modern preset a
 * table of its fitted points, every one within ±20 %, and one of its held-back points, within ±30 %, with
 * the largest error in each table's heading.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/runCli.js';

describe('llmcap profiles check: residuals per preset', () => {
  it('prints fitted and held-back residuals for trtllm-2024 and vllm-2025 within their tolerances', async () => {
    const r = await runCli(['profiles', 'check']);
    expect(r.code, r.stderr).toBe(0);
    const presets = r.stdout.slice(r.stdout.indexOf('Engine presets: residuals'));
    for (const preset of ['trtllm-2024', 'vllm-2025']) {
      const section = presets.slice(presets.indexOf(`\n${preset}:`));
      const fitted = /fitted \((\d+) points, largest \|error\| ([\d.]+) %, tolerance ±20 %\)/.exec(section);
      const held = /held back \((\d+) points, largest \|error\| ([\d.]+) %, tolerance ±30 %\)/.exec(section);
      expect(fitted, preset).not.toBeNull();
      expect(held, preset).not.toBeNull();
      expect(Number(fitted?.[1])).toBeGreaterThan(0);
      expect(Number(held?.[1])).toBeGreaterThan(0);
      expect(Number(fitted?.[2])).toBeLessThan(20);
      expect(Number(held?.[2])).toBeLessThan(30);
    }
    expect(presets).toMatch(/\nvllm-2023:/);
  });
});
