/**
 * Reliability bench: a 10-million-request trace file, summarized and replayed in bounded memory.
 * The trace is a synthetic CSV of a one-class scenario (two hourly windows at ~1,390 req/s, written
 * with the product's streaming writer to the OS temp directory and removed after); it is summarized
 * (`llmcap trace summarize`'s path) and replayed by `llmcap simulate --trace` (runSimulate: the default
 * 1-in-N requests.arrow sample, windows.csv, replay.json) against a plan sized for it. Both run in child
 * processes, so each peak RSS is theirs alone. sim.bench.ts replays the week's synthetic trace in
 * process; this is the file path a user takes, CSV reader and writers included.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { planScenario } from '../src/plan/index.js';
import { loadStepModel } from '../src/profiles/index.js';
import { toPlanArrow } from '../src/report/toPlanArrow.js';
import { scenarioFromText } from '../src/scenario/index.js';
import { synthesizeTrace, toTraceCsv } from '../src/workload/index.js';
import { timed, type Bench, type BenchRow } from './harness.js';

const REPO = new URL('..', import.meta.url).pathname;
const MEMORY_LIMIT_MB = 500;
/** 1,389 req/s × 7,200 s ≈ 10.0 M requests. */
const SCENARIO_YAML = `name: ten-million
horizon: { start: '2024-01-01T00:00:00Z', windows: 2, windowMinutes: 60 }
services:
  - name: chat
    model: Llama-2-70B
    classes:
      inputThresholds: []
      outputThresholds: []
      stats:
        AA: { share: 1, input: { mean: 1000, p50: 900, p90: 1800, p99: 3000 }, output: { mean: 100, p50: 80, p90: 200, p99: 400 } }
    slo:
      default: { ttft: { percentile: 99, ms: 5000 }, tbt: { percentile: 99, ms: 200 } }
    demand:
      meanRps: 1389
hardware:
  gpus: [H100-80GB]
  tp: [8]
  clocks: { count: 1 }
`;

interface ChildResult {
  readonly rows: number;
  readonly seconds: number;
  readonly peakRssMB: number;
}

export const bench: Bench = {
  name: 'reliability',
  async run() {
    const rows: BenchRow[] = [];
    const dir = mkdtempSync(join(tmpdir(), 'llmcap-bench-reliability-'));
    try {
      const scenarioPath = join(dir, 'ten-million.yaml');
      writeFileSync(scenarioPath, SCENARIO_YAML);
      const scenario = scenarioFromText(SCENARIO_YAML, scenarioPath);
      const { plan } = await planScenario(scenario, { steps: await loadStepModel(), timeLimitSec: 120 });
      const planPath = join(dir, 'plan.arrow');
      writeFileSync(planPath, toPlanArrow(plan));
      const tracePath = join(dir, 'trace.csv');
      const written = await timed(() => toTraceCsv(synthesizeTrace(scenario, { seed: 1 }), tracePath));
      rows.push({ group: 'limits', name: 'synthetic trace written', value: written.value.rows, unit: 'requests', note: `${(written.value.bytes / 1e6).toFixed(0)} MB in ${written.seconds.toFixed(1)} s; plan: ${plan.rows.filter((r) => r.role !== 'idle').reduce((s, r) => s + r.instances, 0)} instances` });

      const summarize = await inChild(`
        const w = await import(${JSON.stringify(new URL('../src/workload/index.ts', import.meta.url).href)});
        const { summary } = await w.summarizeTrace(await w.fromTraceFile(${JSON.stringify(tracePath)}), { windowS: 3600 });
        return summary.requests;`);
      rows.push({ group: 'limits', name: 'summarize a 10 M-request trace file: peak RSS', value: summarize.peakRssMB, unit: 'MB', target: `≤ ${MEMORY_LIMIT_MB} MB`, met: summarize.peakRssMB <= MEMORY_LIMIT_MB && summarize.rows === written.value.rows, note: `${summarize.rows.toLocaleString('en-US')} requests in ${summarize.seconds.toFixed(1)} s` });

      const replayed = await inChild(`
        const { runSimulate } = await import(${JSON.stringify(new URL('../src/cli/commands/simulate.ts', import.meta.url).href)});
        // Its one JSON line goes to stdout first; the child's own result follows on the last line.
        const { report } = await runSimulate({ plan: ${JSON.stringify(planPath)}, scenario: ${JSON.stringify(scenarioPath)}, trace: ${JSON.stringify(tracePath)}, out: ${JSON.stringify(join(dir, 'replay'))}, json: true, quiet: true });
        return report.requests.simulated;`);
      rows.push({ group: 'limits', name: 'simulate --trace, 10 M requests (requests.arrow sampled 1 in 10): peak RSS', value: replayed.peakRssMB, unit: 'MB', target: `≤ ${MEMORY_LIMIT_MB} MB`, met: replayed.peakRssMB <= MEMORY_LIMIT_MB && replayed.rows === written.value.rows, note: `${replayed.rows.toLocaleString('en-US')} requests in ${replayed.seconds.toFixed(1)} s (${(replayed.rows / replayed.seconds).toLocaleString('en-US', { maximumFractionDigits: 0 })} req/s, counting pass and CSV parsing included)` });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return rows;
  },
};

/** Run `body` (an async function body returning a count) in a fresh Node process; its result is stdout's last line. */
async function inChild(body: string): Promise<ChildResult> {
  const code = `
    const t0 = performance.now();
    const rows = await (async () => { ${body} })();
    const seconds = (performance.now() - t0) / 1000;
    process.stdout.write('\\n' + JSON.stringify({ rows, seconds, peakRssMB: process.resourceUsage().maxRSS / 1024 }) + '\\n');`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: REPO, maxBuffer: 16 << 20 });
  const last = stdout.trimEnd().split('\n').pop() ?? '';
  return JSON.parse(last) as ChildResult;
}
