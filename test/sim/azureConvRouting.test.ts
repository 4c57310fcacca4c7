/**
 * The Azure conversation trace on 4 × DGX-H100 TP8 mixed (docs/deployments.md): token-JSQ keeps the
 * queue-time tail of short prompts within 60 ms where request-JSQ's is several times longer. Reads
 * ../shared/traces (reference data, not shipped); skipped where it is absent.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deploymentPlan, fromDeploymentFile } from '../../src/deployment/index.js';
import { fromScenarioFile } from '../../src/scenario/index.js';
import { replayPlan, type ReplayReport } from '../../src/sim/index.js';

const TRACE = '../shared/traces/AzureLLMInferenceTrace_conv.csv';

describe.skipIf(!existsSync(TRACE))('Azure conversation trace on 4 × TP8 mixed', () => {
  const run = async (router: 'token-jsq' | 'request-jsq'): Promise<ReplayReport> => {
    const scenario = await fromScenarioFile('scenarios/azure-conv.yaml');
    const plan = deploymentPlan(await fromDeploymentFile('deployments/conv-4xh100-tp8-mixed.yaml'), scenario);
    return replayPlan({ ...plan, routing: { ...plan.routing, router } }, scenario, { steps: { kind: 'tables', importPaths: [] }, trace: { kind: 'file', path: TRACE, timing: { align: 'calendar' } } });
  };
  const shortPrompts = (r: ReplayReport) => r.latency.inputBins.find((b) => b.inputRange[0] === 0 && b.inputRange[1] === 1024);

  it('token-JSQ: queue p99 of prompts under 1,024 tokens ≤ 60 ms; request-JSQ: longer', async () => {
    const token = await run('token-jsq');
    const request = await run('request-jsq');
    expect(token.requests.completed).toBe(19_366);
    const t = shortPrompts(token)?.latency.queue;
    const q = shortPrompts(request)?.latency.queue;
    expect(t?.count).toBeGreaterThan(9_000);
    expect(t?.p99Ms).toBeLessThanOrEqual(60);
    expect(q?.p99Ms).toBeGreaterThan(2 * (t?.p99Ms ?? Infinity));
  }, 60_000);
});
