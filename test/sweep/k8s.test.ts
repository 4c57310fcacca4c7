/**
 * `llmcap sweep k8s`: the written manifests validate against the Kubernetes schema with
 * kubernetes-models (the objects are rebuilt from the YAML on disk and validated here, apart from the
 * writer), and carry what the Indexed Job needs: completions = shards, Indexed mode, --shards N in the
 * args, the scenario and grid in a ConfigMap, outputs on the claim.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Pod } from 'kubernetes-models/v1/Pod';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { parse, parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gridFromText } from '../../src/sweep/index.js';
import { runCli } from '../helpers/runCli.js';
import { sweepFixture, type SweepFixture } from '../helpers/sweepFixtures.js';

let fx: SweepFixture;
beforeAll(() => {
  fx = sweepFixture();
});
afterAll(() => fx?.remove());

const k8sArgs = (out: string, ...more: string[]) => ['sweep', 'k8s', '--scenario', fx.base, '--grid', fx.grid, '--shards', '3', '--image', 'registry.example.com/llmcap:0.1.0', '--pvc', 'llmcap-sweeps', '-o', out, ...more];

describe('llmcap sweep k8s', () => {
  it('writes a ConfigMap + Indexed Job and a fetch pod that validate against the Kubernetes schema', async () => {
    const out = join(fx.dir, 'k8s');
    const r = await runCli(k8sArgs(out, '--workers', '2', '--namespace', 'planning', '--validate', '--json'));
    expect(r.code, r.stderr).toBe(0);
    const docs = parseAllDocuments(readFileSync(join(out, 'job.yaml'), 'utf8')).map((d) => d.toJS() as Record<string, unknown>);
    expect(docs.map((d) => d['kind'])).toEqual(['ConfigMap', 'Job']);
    const configMap = new ConfigMap(docs[0] as never);
    const job = new Job(docs[1] as never);
    const pod = new Pod(parse(readFileSync(join(out, 'fetch-pod.yaml'), 'utf8')) as never);
    for (const o of [configMap, job, pod]) expect(() => o.validate()).not.toThrow();

    const spec = job.spec!;
    expect(spec.completionMode).toBe('Indexed');
    expect(spec.completions).toBe(3);
    expect(spec.parallelism).toBe(3);
    const container = spec.template.spec!.containers[0]!;
    const args = container.args!;
    // The count is written in; the index comes from JOB_COMPLETION_INDEX, so no --shard i/n.
    expect(args.slice(args.indexOf('--shards'), args.indexOf('--shards') + 2)).toEqual(['--shards', '3']);
    expect(args).not.toContain('--shard');
    expect(args).toEqual(expect.arrayContaining(['sweep', '--scenario', '/input/scenario.yaml', '--grid', '/input/grid.yaml', '--out', '/data/llmcap-sweep-day', '--workers', '2', '--validate']));
    expect(container.resources?.requests).toMatchObject({ cpu: '2' });
    expect(spec.template.spec!.volumes).toEqual(expect.arrayContaining([{ name: 'output', persistentVolumeClaim: { claimName: 'llmcap-sweeps' } }]));
    expect(job.metadata?.namespace).toBe('planning');
    // The inputs travel in the ConfigMap, byte for byte.
    expect(configMap.data?.['scenario.yaml']).toBe(readFileSync(fx.base, 'utf8'));
    expect(gridFromText(configMap.data?.['grid.yaml'] ?? '', 'grid.yaml').axes).toHaveLength(2);
  });

  it('the validation it relies on rejects a broken Job', () => {
    const out = join(fx.dir, 'k8s');
    const doc = parseAllDocuments(readFileSync(join(out, 'job.yaml'), 'utf8'))[1]?.toJS() as { spec: Record<string, unknown> };
    expect(() => new Job({ ...doc, spec: { ...doc.spec, completions: 'three' } } as never).validate()).toThrow(/completions/);
    expect(() => new Job({ ...doc, spec: { ...doc.spec, template: undefined } } as never).validate()).toThrow(/template/);
  });

  it('writes a Dockerfile installing the tarball npm pack makes with the repository\'s lockfile', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { name: string; version: string; bin: Record<string, string>; files: string[] };
    const dockerfile = readFileSync(join(fx.dir, 'k8s', 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^FROM node:20-/m);
    expect(dockerfile).toContain(`COPY ${pkg.name}-${pkg.version}.tgz package-lock.json /tmp/`);
    expect(dockerfile).toMatch(/npm ci --omit=dev --ignore-scripts/);
    // The entrypoint is the package's bin, which the tarball holds.
    expect(pkg.files).toContain('bin');
    expect(dockerfile).toContain(`ENTRYPOINT ["node", "/opt/llmcap/${pkg.bin['llmcap']?.replace(/^\.\//, '')}"]`);
    expect(readFileSync(join(fx.dir, 'k8s', 'package-lock.json'), 'utf8')).toBe(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8'));
  });

  it('refuses what would make a broken Job, before writing anything', async () => {
    const more = await runCli(k8sArgs(join(fx.dir, 'k8s-bad'), '--shards', '7'));
    expect(more.code).toBe(2);
    expect(more.stderr).toMatch(/7 shards for 6 variants/);
    const name = await runCli(k8sArgs(join(fx.dir, 'k8s-bad'), '--name', 'Sweep_1'));
    expect(name.stderr).toMatch(/'Sweep_1' is not a valid Job name/);
    const path = await runCli(k8sArgs(join(fx.dir, 'k8s-bad'), '--out-path', '/elsewhere'));
    expect(path.stderr).toMatch(/not on the volume mounted at \/data/);
    const grid = join(fx.dir, 'grid-bad-k8s.yaml');
    writeFileSync(grid, 'axes:\n  power.provisionedKW: [0]\n');
    const bad = await runCli(['sweep', 'k8s', '--scenario', fx.base, '--grid', grid, '--shards', '1', '--image', 'x/y:1', '--pvc', 'c', '-o', join(fx.dir, 'k8s-bad')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/axis 'power.provisionedKW' value 0/);
  });
});
