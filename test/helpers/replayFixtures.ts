/** Hand-made traces, plans and sinks for replay tests (no trace reader needed). */
import { createRng } from '../../src/core/random.js';
import type { Scenario, TokenStats } from '../../src/scenario/index.js';
import type { ReplayPlan, ReplayPlanRow, RequestBatch, RequestSink } from '../../src/sim/index.js';
import { REQUEST_COLUMNS } from '../../src/sim/index.js';
import type { TraceChunk, TraceSource } from '../../src/workload/index.js';

export interface HandRequest {
  readonly t: number;
  readonly input: number;
  readonly output: number;
  readonly service?: number;
}

/** A trace of the given requests (sorted by the caller), served in chunks of `chunk` rows. */
export function handTrace(requests: readonly HandRequest[], options: { chunk?: number; services?: string[]; name?: string } = {}): TraceSource {
  const size = options.chunk ?? 1000;
  return {
    name: options.name ?? 'hand-made',
    startIso: '2024-01-01T00:00:00Z',
    services: options.services ?? [''],
    async *chunks(): AsyncIterable<TraceChunk> {
      for (let from = 0; from < requests.length; from += size) {
        const part = requests.slice(from, from + size);
        yield {
          length: part.length,
          arrivalS: Float64Array.from(part, (r) => r.t),
          inputTokens: Uint32Array.from(part, (r) => r.input),
          outputTokens: Uint32Array.from(part, (r) => r.output),
          serviceIndex: Uint16Array.from(part, (r) => r.service ?? 0),
        };
      }
    },
  };
}

/** A streamed trace produced chunk by chunk from a generator of requests (for long synthetic runs). */
export function generatedTrace(name: string, generate: () => Iterable<HandRequest>, chunk = 65_536, services: string[] = ['']): TraceSource {
  return {
    name,
    startIso: '2024-01-01T00:00:00Z',
    services,
    async *chunks(): AsyncIterable<TraceChunk> {
      let arrival = new Float64Array(chunk);
      let input = new Uint32Array(chunk);
      let output = new Uint32Array(chunk);
      let service = new Uint16Array(chunk);
      let n = 0;
      for (const r of generate()) {
        arrival[n] = r.t;
        input[n] = r.input;
        output[n] = r.output;
        service[n] = r.service ?? 0;
        if (++n === chunk) {
          yield { length: n, arrivalS: arrival, inputTokens: input, outputTokens: output, serviceIndex: service };
          arrival = new Float64Array(chunk);
          input = new Uint32Array(chunk);
          output = new Uint32Array(chunk);
          service = new Uint16Array(chunk);
          n = 0;
        }
      }
      if (n > 0) yield { length: n, arrivalS: arrival.subarray(0, n), inputTokens: input.subarray(0, n), outputTokens: output.subarray(0, n), serviceIndex: service.subarray(0, n) };
    },
  };
}

export function poolRow(p: Partial<ReplayPlanRow> & Pick<ReplayPlanRow, 'gpu' | 'tp' | 'clockMHz' | 'instances'>): ReplayPlanRow {
  return {
    window: 0,
    windowStart: '2024-01-01T00:00:00.000Z',
    model: 'Llama-2-70B',
    role: 'mixed',
    gpus: p.instances * p.tp,
    ratesRps: {},
    meanPowerKW: 0,
    energyKWh: 0,
    ...p,
  };
}

export function planOf(scenario: Scenario, rows: readonly ReplayPlanRow[]): ReplayPlan {
  return { classIds: scenario.classes.map((c) => c.id), rows };
}

export type RequestRow = Record<string, number | string>;

/** Keeps every request row in memory, with class and pool names resolved. */
export function memorySink(): RequestSink & { readonly rows: RequestRow[] } {
  const rows: RequestRow[] = [];
  let dicts: { class: readonly string[]; pool: readonly string[] } = { class: [], pool: [] };
  return {
    rows,
    begin(d) {
      dicts = d;
    },
    write(batch: RequestBatch) {
      for (let i = 0; i < batch.length; i++) {
        const row: RequestRow = {};
        REQUEST_COLUMNS.forEach((c, j) => {
          const v = (batch.columns[j] as Float64Array)[i] as number;
          row[c.name] = c.type === 'class' ? (dicts.class[v] ?? '') : c.type === 'pool' ? (dicts.pool[v] ?? '') : v;
        });
        rows.push(row);
      }
    },
  };
}

/** Token count from a class's quantiles: piecewise linear through (0, lo), (.5, p50), (.9, p90), (.99, p99), (1, max). */
function tokenQuantile(stats: TokenStats, range: readonly [number, number], u: number): number {
  const lo = range[0];
  const p50 = stats.p50 ?? stats.mean;
  const p90 = stats.p90 ?? Math.max(p50, stats.mean);
  const p99 = stats.p99 ?? p90;
  const hi = Math.min(Number.isFinite(range[1]) ? range[1] - 1 : p99 * 1.1, Math.max(p99, p99 * 1.05));
  const pts: [number, number][] = [[0, Math.max(1, lo)], [0.5, p50], [0.9, p90], [0.99, p99], [1, hi]];
  for (let i = 1; i < pts.length; i++) {
    const [u1, v1] = pts[i] as [number, number];
    const [u0, v0] = pts[i - 1] as [number, number];
    if (u <= u1) return Math.max(1, Math.round(v0 + ((v1 - v0) * (u - u0)) / (u1 - u0)));
  }
  return Math.max(1, Math.round(hi));
}

/** Poisson arrivals of every class at its scenario rate, over windows [from, to), tokens from the class quantiles. */
export function poissonTrace(scenario: Scenario, options: { fromWindow?: number; toWindow?: number; seed?: number; scale?: number } = {}): TraceSource {
  const windowS = scenario.horizon.windowHours * 3600;
  const from = options.fromWindow ?? 0;
  const to = options.toWindow ?? scenario.horizon.windows.length;
  const scale = options.scale ?? 1;
  const services = scenario.services.map((s) => s.name);
  return generatedTrace(`poisson:${scenario.name}`, function* () {
    const rng = createRng(options.seed ?? 1, 'test-trace');
    for (let w = from; w < to; w++) {
      const rates = scenario.classes.map((_, k) => (scenario.demandRps[k]?.[w] ?? 0) * scale);
      const total = rates.reduce((a, b) => a + b, 0);
      if (total <= 0) continue;
      let t = w * windowS;
      for (;;) {
        t += rng.exponential(total);
        if (t >= (w + 1) * windowS) break;
        let u = rng.uniform() * total;
        let k = 0;
        while (k < rates.length - 1 && u >= (rates[k] as number)) u -= rates[k++] as number;
        const cls = scenario.classes[k];
        if (!cls) continue;
        yield {
          t,
          input: tokenQuantile(cls.input, cls.inputRange, rng.uniform()),
          output: tokenQuantile(cls.output, cls.outputRange, rng.uniform()),
          service: services.indexOf(cls.service),
        };
      }
    }
  }, 65_536, services);
}
