/**
 * Published check points for the latency/power model (published-figures.md §8.3), with their
 * tolerances and sources, shared by `llmcap profiles check` and the tests. Each point says how the
 * model value is computed from a StepModel, so the same points check the analytic model and the
 * table-backed one built from it.
 */
import { getGpu, getModel, type GpuId } from '../catalog/index.js';
import type { ConfigPoint } from './analyticModel.js';
import type { StepModel } from './stepModel.js';

export type Tolerance =
  /** |model / published − 1| ≤ within. */
  | { readonly kind: 'relative'; readonly within: number }
  /** min ≤ model ≤ max (for published figures given as a bound or a range). */
  | { readonly kind: 'range'; readonly min: number; readonly max: number };

export interface CheckPoint {
  /** '#1', '#4b', …: §8.3's row number, a letter per value where a row has several. */
  readonly id: string;
  readonly what: string;
  readonly published: number;
  readonly unit: string;
  readonly tolerance: Tolerance;
  /** Where the published value comes from, as published-figures.md cites it. */
  readonly source: string;
  /** Set when the model is known not to meet the point: why (profiles/README.md "Calibration"). */
  readonly knownMiss?: string;
  readonly evaluate: (steps: StepModel) => number;
}

const LLAMA = 'Llama-2-70B' as const;
const at = (gpu: GpuId, tp: number, clockMHz?: number, powerCapW?: number): ConfigPoint => ({
  model: getModel(LLAMA),
  gpu: getGpu(gpu),
  tp,
  clockMHz: clockMHz ?? getGpu(gpu).clockMHz.max.value,
  ...(powerCapW !== undefined ? { powerCapW } : {}),
});
const rel = (within: number): Tolerance => ({ kind: 'relative', within });

const SPLITWISE = 'SplitwiseSim perf_model.csv [D], published-figures.md §4.4';
const VADARI = 'Vadari, arXiv:2605.23918 [P], published-figures.md §1.3';
/** §4.4's sweeps run prompt 512 / output 128: mean context ≈ 576; §8.3 uses ≈ 600. */
const CONTEXT = 600;

/**
 * Why #7 cannot be met (published-figures.md §7, §8.3): a 70 % cap (490 W) lowers the clock to at most
 * x ≈ 0.81 (γ = 2 and the H100 power terms fitted to ML.ENERGY), so even a step that were all compute slows by ≤ 1.23×;
 * in the fitted vLLM-2023 decomposition only part of a TP prefill is clock-bound compute (the rest is
 * all-reduce and host overhead), and at TP4/TP8 the step's average power stays under 490 W. SplitwiseSim's
 * ×1.30 is itself a modelling assumption (its h100-80gb-pcap rows are synthetic).
 */
const CAP_MISS =
  'the 490 W cap binds only on the compute share of a prefill step (all-reduce and host overhead draw less), and lowers the clock to x ≥ 0.81 (γ = 2), so ≤ ×1.23 even for pure compute; SplitwiseSim\'s ×1.30 is a simulator assumption (synthetic pcap rows)';

function ratio(steps: StepModel, phase: 'prefill' | 'decode', slow: ConfigPoint, fast: ConfigPoint, a: number, b?: number): number {
  const t = (cfg: ConfigPoint) => (phase === 'prefill' ? steps.prefill(cfg, a, b) : steps.decode(cfg, a, b ?? CONTEXT)).time.totalMs;
  return t(slow) / t(fast);
}

export const CHECK_POINTS: readonly CheckPoint[] = [
  { id: '#1', what: 'decode TBT, A100 TP4, batch 1, ctx 600', published: 45.0, unit: 'ms', tolerance: rel(0.15), source: SPLITWISE, evaluate: (s) => s.decode(at('A100-80GB', 4), 1, CONTEXT).time.totalMs },
  { id: '#2', what: 'decode TBT, H100 TP4, batch 1, ctx 600', published: 29.7, unit: 'ms', tolerance: rel(0.15), source: SPLITWISE, evaluate: (s) => s.decode(at('H100-80GB', 4), 1, CONTEXT).time.totalMs },
  { id: '#3', what: 'decode growth with batch, A100 TP8, batch 32 / batch 1', published: 1.18, unit: '×', tolerance: rel(0.1), source: `${SPLITWISE} (53.0 / 44.9 ms)`, evaluate: (s) => s.decode(at('A100-80GB', 8), 32, 576).time.totalMs / s.decode(at('A100-80GB', 8), 1, 576).time.totalMs },
  { id: '#4a', what: 'prefill 2,048 tokens, A100 TP8', published: 274, unit: 'ms', tolerance: rel(0.25), source: SPLITWISE, evaluate: (s) => s.prefill(at('A100-80GB', 8), 2048).time.totalMs },
  { id: '#4b', what: 'prefill 2,048 tokens, H100 TP8', published: 137, unit: 'ms', tolerance: rel(0.25), source: SPLITWISE, evaluate: (s) => s.prefill(at('H100-80GB', 8), 2048).time.totalMs },
  { id: '#4c', what: 'prefill 2,048 tokens, H100 TP2', published: 310, unit: 'ms', tolerance: rel(0.25), source: SPLITWISE, evaluate: (s) => s.prefill(at('H100-80GB', 2), 2048).time.totalMs },
  { id: '#5a', what: 'H100 / A100 TTFT, TP8, 1,024-token prompt', published: 0.51, unit: '×', tolerance: rel(0.15), source: 'Splitwise Insight VII [S] (0.50 in perf_model.csv at TP8 [D]), published-figures.md §4.1', evaluate: (s) => ratio(s, 'prefill', at('H100-80GB', 8), at('A100-80GB', 8), 1024) },
  { id: '#5b', what: 'H100 / A100 TBT, TP8, batch 1', published: 0.7, unit: '×', tolerance: rel(0.15), source: 'Splitwise Insight VII [S] (0.66 in perf_model.csv at TP8 [D]), published-figures.md §4.1', evaluate: (s) => ratio(s, 'decode', at('H100-80GB', 8), at('A100-80GB', 8), 1, 576) },
  { id: '#6a', what: 'decode power per GPU, A100 TP2, batch 1', published: 294, unit: 'W', tolerance: rel(0.15), source: `${SPLITWISE} (average_power 0.736 × 400 W)`, evaluate: (s) => s.decode(at('A100-80GB', 2), 1, CONTEXT).powerW / 2 },
  { id: '#6b', what: 'decode power per GPU, A100 TP4, batch 1', published: 240, unit: 'W', tolerance: rel(0.15), source: `${SPLITWISE} (average_power 0.599 × 400 W)`, evaluate: (s) => s.decode(at('A100-80GB', 4), 1, CONTEXT).powerW / 4 },
  { id: '#6c', what: 'decode power per GPU, A100 TP8, batch 1', published: 174, unit: 'W', tolerance: rel(0.15), source: `${SPLITWISE} (average_power 0.435 × 400 W)`, evaluate: (s) => s.decode(at('A100-80GB', 8), 1, CONTEXT).powerW / 8 },
  ...([2, 4, 8] as const).map((tp, i): CheckPoint => ({
    id: `#7${'abc'[i]}`,
    what: `H100 TP${tp} prefill of 2,048 tokens under a 70 % power cap (490 W): slowdown`,
    published: 1.3,
    unit: '×',
    tolerance: rel(0.1),
    source: 'SplitwiseSim h100-80gb-pcap rows [D] (prompt_time × 1.3), Splitwise §power capping [P]; published-figures.md §7',
    knownMiss: CAP_MISS,
    evaluate: (s) => ratio(s, 'prefill', at('H100-80GB', tp, undefined, 490), at('H100-80GB', tp), 2048),
  })),
  { id: '#7d', what: 'H100 TP8 decode (batch 16, ctx 1,000) under a 490 W cap: slowdown', published: 1, unit: '×', tolerance: rel(0.03), source: 'SplitwiseSim pcap rows keep token_time [D]; published-figures.md §7', evaluate: (s) => ratio(s, 'decode', at('H100-80GB', 8, undefined, 490), at('H100-80GB', 8), 16, 1000) },
  { id: '#7e', what: 'H100 TP8 decode (batch 16, ctx 1,000) under a 350 W cap: slowdown', published: 1, unit: '×', tolerance: rel(0.03), source: 'Splitwise: token phase "almost no impact" at 50 % cap [P]; published-figures.md §4.1', evaluate: (s) => ratio(s, 'decode', at('H100-80GB', 8, undefined, 350), at('H100-80GB', 8), 16, 1000) },
  { id: '#8a', what: 'H100 TP8 decode (batch 16, ctx 1,000), 1,980 → 1,600 MHz: throughput ratio', published: 1, unit: '×', tolerance: rel(0.05), source: 'Greener LLMs, arXiv:2403.20306 [P]; published-figures.md §7', evaluate: (s) => ratio(s, 'decode', at('H100-80GB', 8), at('H100-80GB', 8, 1600), 16, 1000) },
  {
    id: '#8b', what: 'same, energy per token ratio', published: 0.8, unit: '×', tolerance: { kind: 'range', min: 0, max: 0.85 },
    source: 'Greener LLMs, arXiv:2403.20306 [P] ("< 80 % energy"); tolerance ≤ 0.85× from published-figures.md §8.3',
    evaluate: (s) => {
      const lo = s.decode(at('H100-80GB', 8, 1600), 16, 1000);
      const hi = s.decode(at('H100-80GB', 8), 16, 1000);
      return (lo.powerW * lo.time.totalMs) / (hi.powerW * hi.time.totalMs);
    },
  },
  {
    id: '#9a', what: 'A100 TP8 prefill power (2,048 tokens), 1,410 → 1,110 MHz: drop', published: 0.2, unit: 'share', tolerance: { kind: 'range', min: 0.15, max: 0.3 },
    source: 'POLCA, arXiv:2308.12908 [P/S] ("up to ~20 % lower peak power"); range from published-figures.md §8.3',
    evaluate: (s) => 1 - s.prefill(at('A100-80GB', 8, 1110), 2048).powerW / s.prefill(at('A100-80GB', 8), 2048).powerW,
  },
  {
    id: '#9b', what: 'same clocks, A100 TP8 decode (batch 16, ctx 1,000): slowdown', published: 1, unit: '×', tolerance: { kind: 'range', min: 0.97, max: 1.07 },
    source: 'POLCA, arXiv:2308.12908 [P/S] (≤ 7 % performance loss, decode-dominated)',
    evaluate: (s) => ratio(s, 'decode', at('A100-80GB', 8, 1110), at('A100-80GB', 8), 16, 1000),
  },
  ...idleFloors(),
];

/** #13: idle floors per GPU, bare (lowest clock) and with a CUDA context (maximum clock). */
function idleFloors(): CheckPoint[] {
  const floors: [GpuId, number, number][] = [['H100-80GB', 71.8, 121.7], ['A100-80GB', 53.7, 80.0], ['L40S', 35.6, 102.1]];
  return floors.flatMap(([gpu, bareW, contextW], i): CheckPoint[] => [
    { id: `#13${'ace'[i]}`, what: `${gpu} idle, bare (lowest clock)`, published: bareW, unit: 'W', tolerance: rel(0.2), source: VADARI, evaluate: (s) => s.idlePowerW(at(gpu, 1, getGpu(gpu).clockMHz.min.value)) },
    { id: `#13${'bdf'[i]}`, what: `${gpu} idle with a CUDA context (maximum clock)`, published: contextW, unit: 'W', tolerance: rel(0.2), source: VADARI, evaluate: (s) => s.idlePowerW(at(gpu, 1)) },
  ]);
}
