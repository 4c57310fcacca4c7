/**
 * Output locations are checked before any work (src/cli/outputPaths.ts): an --out that is a file, sits
 * under a file, is an input, or (for a file output) is a directory ends in exit 2 with the reason and
 * nothing written, instead of an internal error after the work is done.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
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
const grid = join(root, 'grid.yaml');
writeFileSync(grid, 'axes:\n  services[chat].demand.meanRps: [1, 2]\n');
const plan = join(root, 'plan.arrow');

type Case = [name: string, args: string[], message: RegExp];

describe('output locations are checked before any work', () => {
  it.each<Case>([
    ['plan --out FILE', ['plan', '--scenario', scenario, '--out', aFile, '--quiet'], /'.*a-file' exists and is a file, not a directory/],
    ['plan --out FILE/sub', ['plan', '--scenario', scenario, '--out', join(aFile, 'sub'), '--quiet'], /cannot create '.*a-file\/sub': '.*a-file' is a file/],
    ['compare --out FILE', ['compare', '--scenario', scenario, '--out', aFile, '--quiet'], /exists and is a file, not a directory/],
    ['simulate --out FILE', ['simulate', '--plan', join(root, 'missing.arrow'), '--scenario', scenario, '--out', aFile, '--quiet'], /exists and is a file, not a directory/],
    ['trace synth -o DIR', ['trace', 'synth', '--scenario', scenario, '-o', aDir, '--quiet'], /'.*a-dir' is a directory/],
    ['trace synth -o its own scenario', ['trace', 'synth', '--scenario', scenario, '-o', scenario, '--quiet'], /is also an input of this command/],
    ['trace summarize --charts FILE', ['trace', 'summarize', scenario, '--charts', aFile, '--quiet'], /exists and is a file, not a directory/],
    ['sweep --out FILE', ['sweep', '--scenario', scenario, '--grid', grid, '--out', aFile, '--quiet'], /exists and is a file, not a directory/],
    ['sweep --out FILE/sub', ['sweep', '--scenario', scenario, '--grid', grid, '--out', join(aFile, 'sub'), '--quiet'], /cannot create '.*a-file\/sub': '.*a-file' is a file/],
    ['sweep merge --out FILE', ['sweep', 'merge', aDir, '--out', aFile], /exists and is a file, not a directory/],
    ['sweep k8s --out FILE', ['sweep', 'k8s', '--scenario', scenario, '--grid', grid, '--shards', '2', '--image', 'i', '--pvc', 'p', '--out', aFile], /exists and is a file, not a directory/],
    ['deployment from-plan -o DIR', ['deployment', 'from-plan', plan, '-o', aDir], /'.*a-dir' is a directory/],
    ['deployment from-plan -o its own plan', ['deployment', 'from-plan', aFile, '-o', aFile], /is also an input of this command/],
    ['profiles generate --out FILE', ['profiles', 'generate', '--out', aFile], /exists and is a file, not a directory/],
    // Root passes every permission check, yet nothing can be created in /proc (and Node's recursive mkdir loops there for ever).
    ...(existsSync('/proc/self') ? [['plan --out /proc/x', ['plan', '--scenario', scenario, '--out', '/proc/llmcap-x', '--quiet'], /cannot write to '\/proc\/llmcap-x': no file can be created in '\/proc'/] satisfies Case] : []),
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
