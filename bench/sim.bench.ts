/**
 * Replay bench: requests simulated per second on a mixed-pool plan (the Azure conversation trace tiled
 * to 1 M requests), the whole week of scenarios/week.yaml with a synthetic trace (time, peak RSS), how
 * replay time grows with requests and with pools (fitted exponents), and the capacity model's
 * predicted per-instance load vs the load where the replay's SLO breaks (the "knee").
 */
import { loadavg } from 'node:os';
import { parse, stringify } from 'yaml';
import { buildCapacityTable } from '../src/capacity/index.js';
import { createRng } from '../src/core/random.js';
import { scenarioFromText, type Scenario } from '../src/scenario/index.js';
import { replay, type ReplayPlan } from '../src/sim/index.js';
import { simulatedKnee } from '../src/kneeProbe/index.js';
import { fromAzureTrace, synthesizeTrace, tokenSampler, type TraceChunk, type TraceSource } from '../src/workload/index.js';
import { fitExponent } from './fitExponent.js';
import { peakRssMB, timed, type Bench, type BenchRow } from './harness.js';
import { builtInSteps, scenarioText, weekPlan } from './weekPlan.js';
import { planScenario } from '../src/plan/index.js';

const CONV_TRACE = new URL('../../shared/traces/AzureLLMInferenceTrace_conv.csv', import.meta.url).pathname;
const TILE_S = 3600;
const CHUNK = 65_536;

interface Requests {
  readonly arrivalS: Float64Array;
  readonly input: Uint32Array;
  readonly output: Uint32Array;
}

async function readConversation(): Promise<Requests> {
  const source = await fromAzureTrace(CONV_TRACE);
  const parts: TraceChunk[] = [];
  for await (const c of source.chunks()) parts.push({ ...c, arrivalS: c.arrivalS.slice(), inputTokens: c.inputTokens.slice(), outputTokens: c.outputTokens.slice(), serviceIndex: c.serviceIndex.slice() });
  const n = parts.reduce((s, c) => s + c.length, 0);
  const out = { arrivalS: new Float64Array(n), input: new Uint32Array(n), output: new Uint32Array(n) };
  let i = 0;
  for (const c of parts) {
    out.arrivalS.set(c.arrivalS.subarray(0, c.length), i);
    out.input.set(c.inputTokens.subarray(0, c.length), i);
    out.output.set(c.outputTokens.subarray(0, c.length), i);
    i += c.length;
  }
  return out;
}

/** The trace repeated back to back every TILE_S seconds, cut at `count` requests, time divided by `speedup`. */
function tiled(base: Requests, count: number, speedup = 1): TraceSource {
  const n = base.arrivalS.length;
  const t0 = base.arrivalS[0] ?? 0;
  return {
    name: `azure-conv×${Math.ceil(count / n)}`,
    startIso: '2024-05-13T00:00:00Z',
    services: [''],
    async *chunks() {
      for (let from = 0; from < count; from += CHUNK) {
        const len = Math.min(CHUNK, count - from);
        const arrivalS = new Float64Array(len);
        const inputTokens = new Uint32Array(len);
        const outputTokens = new Uint32Array(len);
        for (let j = 0; j < len; j++) {
          const i = from + j;
          const k = i % n;
          arrivalS[j] = (Math.floor(i / n) * TILE_S + ((base.arrivalS[k] as number) - t0)) / speedup;
          inputTokens[j] = base.input[k] as number;
          outputTokens[j] = base.output[k] as number;
        }
        yield { length: len, arrivalS, inputTokens, outputTokens, serviceIndex: new Uint16Array(len) };
      }
    },
  };
}

/** week.yaml's conversation service alone, flat at the trace's mean rate, one window spanning the tiles. */
function conversationScenario(rps: number, tiles: number): Scenario {
  const doc = parse(scenarioText('week')) as Record<string, unknown>;
  const conv = (doc['services'] as Record<string, unknown>[]).find((s) => s['name'] === 'conversation');
  doc['name'] = 'conv-tiled';
  doc['services'] = [{ ...conv, demand: { meanRps: rps } }];
  doc['horizon'] = { start: '2024-05-13T00:00:00Z', windows: 1, windowMinutes: (tiles * TILE_S) / 60 };
  doc['hardware'] = { gpus: ['A100-80GB', 'H100-80GB'], tp: [4, 8], clocks: { count: 3, minFraction: 0.6 }, roles: ['mixed'] };
  doc['prices'] = { carbonUsdPerTon: 0 };
  doc['power'] = { pue: 1.2 };
  return scenarioFromText(stringify(doc), 'conv-tiled.yaml');
}

/** User + system CPU seconds since `from`: the machine is shared, so wall time alone overstates the cost. */
function cpuSeconds(from: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1e6;
}

export const bench: Bench = {
  name: 'sim',
  async run() {
    const rows: BenchRow[] = [];
    const conv = await readConversation();
    const million = 1_000_000;
    const tiles = Math.ceil(million / conv.arrivalS.length);
    const convScenario = conversationScenario(conv.arrivalS.length / TILE_S, tiles);
    const convPlan = (await planScenario(convScenario, { timeLimitSec: 600 })).plan;
    const pools = convPlan.rows.filter((r) => r.role !== 'idle');
    rows.push({ group: 'replay', name: 'conversation plan: pools / instances', value: pools.length, unit: 'pools', note: `${pools.reduce((s, r) => s + r.instances, 0)} instances, ${pools.map((r) => `${r.gpu} TP${r.tp} ${r.clockMHz} MHz ×${r.instances}`).join('; ')}` });

    // Warm up the JIT on a short replay, then time the full 1 M.
    await replay(convScenario, convPlan, tiled(conv, 100_000));
    const cpu0 = process.cpuUsage();
    const full = await timed(() => replay(convScenario, convPlan, tiled(conv, million)));
    const cpuS = cpuSeconds(cpu0);
    const rps = full.value.requests.simulated / full.seconds;
    rows.push({ group: 'replay', name: 'Azure conversation ×52 (1 M requests), mixed pools', value: rps, unit: 'req/s', target: '≥ 200,000 req/s', met: rps >= 200_000, note: `${full.seconds.toFixed(2)} s wall, ${full.value.events.dispatched.toLocaleString('en-US')} events, load average ${loadavg()[0]?.toFixed(1)}` });
    rows.push({ group: 'replay', name: 'Azure conversation ×52 (1 M requests), per CPU second', value: full.value.requests.simulated / cpuS, unit: 'req/CPU-s', note: `${cpuS.toFixed(2)} CPU s: the rate on an unshared core` });

    const bySize: { size: number; seconds: number }[] = [];
    for (const n of [10_000, 30_000, 100_000, 300_000]) {
      const t = await timed(() => replay(convScenario, convPlan, tiled(conv, n)));
      bySize.push({ size: n, seconds: t.seconds });
      rows.push({ group: 'replay', name: `time vs requests: ${n.toLocaleString('en-US')}`, value: t.seconds, unit: 's' });
    }
    bySize.push({ size: million, seconds: full.seconds });
    rows.push({ group: 'replay', name: 'time vs requests: growth exponent (10 k → 1 M)', value: fitExponent(bySize), unit: '', target: '≈ 1 (linear)', met: fitExponent(bySize) < 1.15 });

    // Pools: P identical pools of 2 instances, the trace sped up so each instance sees the planned load per instance.
    const byPools: { size: number; seconds: number }[] = [];
    const config = pools.reduce((a, b) => (b.instances > a.instances ? b : a));
    const plannedInstances = pools.reduce((sum, r) => sum + r.instances, 0);
    for (const p of [1, 2, 4, 8, 16, 32]) {
      const plan: ReplayPlan = {
        classIds: convPlan.classIds,
        rows: Array.from({ length: p }, () => ({ ...config, instances: 2, gpus: 2 * config.tp, ratesRps: Object.fromEntries(convPlan.classIds.map((id) => [id, 1])) })),
      };
      const speedup = (p * 2) / plannedInstances;
      const t = await timed(() => replay(convScenario, plan, tiled(conv, 200_000, speedup)));
      byPools.push({ size: p, seconds: t.seconds });
      rows.push({ group: 'replay', name: `time vs pools: ${p} pool(s) × 2 instances, 200 k requests`, value: t.seconds, unit: 's' });
    }
    rows.push({ group: 'replay', name: 'time vs pools: growth exponent (1 → 32 pools)', value: fitExponent(byPools), unit: '', target: '≈ 0 (flat)', met: fitExponent(byPools) < 0.3 });

    // The whole week: its plan (made once per bench run, timed by the solver bench), replayed on a synthetic trace of its demand.
    const { scenario: week, outcome: planned, seconds: planSeconds } = await weekPlan();
    const steps = await builtInSteps();
    if (planned instanceof Error) {
      rows.push({ group: 'replay', name: 'week: planning (for the replay)', value: planSeconds, unit: 's', note: `no plan, so no week replay: ${planned.message.split('\n')[0]}` });
    } else {
      const weekPlan = planned.plan;
      const rssBefore = peakRssMB();
      let rssDuring = 0;
      const weekCpu0 = process.cpuUsage();
      const weekRun = await timed(() => replay(week, weekPlan, synthesizeTrace(week), { steps, onProgress: () => { rssDuring = Math.max(rssDuring, process.memoryUsage().rss / 2 ** 20); } }));
      const weekCpuS = cpuSeconds(weekCpu0);
      const w = weekRun.value;
      rows.push({ group: 'replay', name: 'week: replay of a synthetic trace', value: weekRun.seconds, unit: 's', target: '≤ 120 s', met: weekRun.seconds <= 120, note: `${w.requests.simulated.toLocaleString('en-US')} requests, ${(w.requests.simulated / weekRun.seconds).toLocaleString('en-US', { maximumFractionDigits: 0 })} req/s incl. trace synthesis, load average ${loadavg()[0]?.toFixed(1)}` });
      rows.push({ group: 'replay', name: 'week: replay CPU time', value: weekCpuS, unit: 'CPU s', note: `${(w.requests.simulated / weekCpuS).toLocaleString('en-US', { maximumFractionDigits: 0 })} req/CPU-s incl. trace synthesis` });
      rows.push({ group: 'replay', name: 'week: peak RSS during the replay', value: rssDuring, unit: 'MB', note: `process peak ${peakRssMB().toFixed(0)} MB (${rssBefore.toFixed(0)} MB before the replay, from planning)` });
      rows.push({ group: 'replay', name: 'week: replayed vs planned energy', value: w.energy.differencePct, unit: '%', target: 'within ±10 %', met: Math.abs(w.energy.differencePct) <= 10 });
      rows.push({ group: 'replay', name: 'week: (window, class) cells missing their SLO', value: w.verdict.failures.length, unit: 'cells', note: `${new Set(w.verdict.failures.map((f) => f.window)).size} of ${w.verdict.coveredWindows} windows` });
    }

    // Capacity model vs replay: one instance, one class alone, Poisson arrivals; predicted SLO capacity vs the
    // simulated knee. The class is predicted as it would run in a pool of its own (pools: per-class), as replayed.
    const capacity = buildCapacityTable({ ...week, planning: { ...week.planning, pools: 'per-class' } });
    const pairs: [string, string][] = [
      ['Llama-2-70B/H100-80GB/tp8/1980/mixed', 'conversation/SM'],
      ['Llama-2-70B/H100-80GB/tp8/1980/mixed', 'conversation/ML'],
      ['Llama-2-70B/H100-80GB/tp8/1980/mixed', 'conversation/MS'],
      ['Llama-2-70B/H100-80GB/tp4/1980/mixed', 'conversation/SM'],
      ['Llama-2-70B/A100-80GB/tp8/1410/mixed', 'conversation/SM'],
      ['Llama-2-70B/H100-80GB/tp8/1980/mixed', 'coding/MS'],
      ['Llama-2-70B/H100-80GB/tp8/1980/mixed', 'coding/SS'],
      ['Llama-2-70B/H100-80GB/tp8/1980/mixed', 'conversation/SS'],
      ['Llama-2-70B/H100-80GB/tp8/795/mixed', 'conversation/ML'],
      ['Llama-2-70B/H100-80GB/tp4/1680/prefill', 'conversation/SM'],
      ['Llama-2-70B/H100-80GB/tp4/1680/prefill', 'conversation/ML'],
      ['Llama-2-70B/H100-80GB/tp4/1680/prefill', 'coding/MS'],
      ['Llama-2-70B/H200/tp2/795/decode', 'conversation/SM'],
      ['Llama-2-70B/H200/tp2/795/decode', 'coding/SS'],
      ['Llama-2-70B/H200/tp2/795/decode', 'coding/MS'],
    ];
    for (const [configId, classId] of pairs) {
      const cfg = capacity.configs.find((c) => c.id === configId);
      const cap = capacity.all.find((r) => r.configId === configId && r.classId === classId);
      if (!cfg || !cap) continue;
      const knee = await simulatedKnee(week, cfg, classId, cap.maxRps);
      rows.push({ group: 'capacity', name: `knee ${cfg.gpu} TP${cfg.tp} ${cfg.clockMHz} MHz ${cfg.role} · ${classId}: predicted/simulated`, value: cap.maxRps / knee, unit: '×', target: '1 ± 0.15', met: Math.abs(cap.maxRps / knee - 1) <= 0.15, note: `predicted ${cap.maxRps.toFixed(3)} req/s (${cap.binding}), replay knee ${knee.toFixed(3)} req/s` });
    }
    return rows;
  },
};
