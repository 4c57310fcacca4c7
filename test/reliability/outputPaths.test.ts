/**
 * Output locations are checked before any work (src/cli/outputPaths.ts): an --out that is a file, sits
 * under a file, is an input, or (for a file output) is a directory ends in exit 2 with the reason and
 * nothing written, instead of an internal error after the work is done.
 */
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/runCli.js';
import { tinyScenarioYaml } from '../helpers/tinyScenario.js';

const root = mkdtempSync(join(tmpdir(), 'llmcap-outpaths-'));
const scenario = join(root, 'tiny.yaml');
writeFileSync(scenario, tinyScenarioYaml({ windows: 1, rps: 1 }));
const aFile = join(root, 'a-file');
writeFileSync(aFile, 'not a directory');
const aDir = join(root, 'a-dir');
mkdirSync(aDir);

describe('output locations are checked before any work', () => {
  it.each([
    ['plan --out FILE', ['plan', '--scenario', scenario, '--out', aFile, '--quiet'], /'.*a-file' exists and is a file, not a directory/],
    ['plan --out FILE/sub', ['plan', '--scenario', scenario, '--out', join(aFile, 'sub'), '--quiet'], /cannot create '.*a-file\/sub': '.*a-file' is a file/],
    ['compare --out FILE', ['compare', '--scenario', scenario, '--out', aFile, '--quiet'], /exists and is a file, not a directory/],
    ['simulate --out FILE', ['simulate', '--plan', join(root, 'missing.arrow'), '--scenario', scenario, '--out', aFile, '--quiet'], /exists and is a file, not a directory/],
    ['trace synth -o DIR', ['trace', 'synth', '--scenario', scenario, '-o', aDir, '--quiet'], /'.*a-dir' is a directory/],
    ['trace synth -o its own scenario', ['trace', 'synth', '--scenario', scenario, '-o', scenario, '--quiet'], /is also an input of this command/],
    ['trace summarize --charts FILE', ['trace', 'summarize', scenario, '--charts', aFile, '--quiet'], /exists and is a file, not a directory/],
  ])('%s: exit 2, the reason and a fix, nothing written', async (_name, args, message) => {
    const before = readdirSync(root).sort();
    const r = await runCli(args);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^llmcap: bad input:\n--(out|charts): /);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/Fix: /);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(readdirSync(root).sort()).toEqual(before);
    expect(readdirSync(aDir)).toEqual([]);
  });
});
