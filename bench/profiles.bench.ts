/**
 * Profiles bench: table-backed StepModel lookups per second (the planner's and simulator's hot path)
 * against the analytic model, and the time to load the built-in tables.
 */
import { getGpu, getModel } from '../src/catalog/index.js';
import { analyticStepModel, loadStepModel, type ConfigPoint, type StepModel } from '../src/profiles/index.js';
import { timed, type Bench, type BenchRow } from './harness.js';

const LOOKUPS = 1_000_000;

/** A fixed pseudo-random sequence of queries (xorshift; no Math.random, so runs are comparable). */
function queries(n: number): { batch: Float64Array; context: Float64Array; tokens: Float64Array } {
  let x = 2463534242;
  const next = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
  const batch = new Float64Array(n);
  const context = new Float64Array(n);
  const tokens = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    batch[i] = 1 + next() * 200;
    context[i] = 200 + next() * 6000;
    tokens[i] = 100 + next() * 8000;
  }
  return { batch, context, tokens };
}

function lookupsPerSecond(steps: StepModel, cfg: ConfigPoint, phase: 'prefill' | 'decode'): { rate: number; checksum: number } {
  const q = queries(LOOKUPS);
  let checksum = 0;
  const t0 = performance.now();
  for (let i = 0; i < LOOKUPS; i++) {
    const s = phase === 'decode' ? steps.decode(cfg, q.batch[i] as number, q.context[i] as number) : steps.prefill(cfg, q.tokens[i] as number);
    checksum += s.time.totalMs + s.powerW;
  }
  return { rate: LOOKUPS / ((performance.now() - t0) / 1000), checksum };
}

export const bench: Bench = {
  name: 'profiles',
  async run() {
    const rows: BenchRow[] = [];
    const load = await timed(() => loadStepModel());
    rows.push({ group: 'profiles', name: 'load built-in tables (5 models, ~105k rows)', value: load.seconds * 1000, unit: 'ms', target: '≤ 1,000 ms', met: load.seconds <= 1 });
    const table = load.value;
    // Between grid clocks, so every lookup interpolates along all three levels.
    const cfg: ConfigPoint = { model: getModel('Llama-2-70B'), gpu: getGpu('H100-80GB'), tp: 8, clockMHz: 1500 };
    for (const phase of ['decode', 'prefill'] as const) {
      lookupsPerSecond(table, cfg, phase); // warm-up
      const t = lookupsPerSecond(table, cfg, phase);
      const a = lookupsPerSecond(analyticStepModel, cfg, phase);
      rows.push({ group: 'profiles', name: `table ${phase} lookups`, value: t.rate, unit: 'lookups/s', target: '≥ 1,000,000 lookups/s', met: t.rate >= 1e6 });
      rows.push({ group: 'profiles', name: `analytic ${phase} steps`, value: a.rate, unit: 'steps/s' });
      rows.push({ group: 'profiles', name: `table/analytic ${phase} speed ratio`, value: t.rate / a.rate, unit: '×' });
    }
    const capped = { ...cfg, powerCapW: 450 };
    const c = lookupsPerSecond(table, capped, 'prefill');
    rows.push({ group: 'profiles', name: 'table prefill lookups under a 450 W power cap', value: c.rate, unit: 'lookups/s', note: 'clock search over the table' });
    return rows;
  },
};
