/**
 * Latency and power against clock for one (model, GPU, TP), at a few representative batch shapes,
 * read through a StepModel at the clocks its table has (for `llmcap profiles plot`).
 */
import type { ConfigPoint } from './analyticModel.js';
import type { StepModel } from './stepModel.js';

export interface CurvePoint {
  readonly series: string;
  readonly phase: 'prefill' | 'decode';
  readonly clockMHz: number;
  readonly latencyMs: number;
  readonly powerW: number;
  readonly clamped: boolean;
}

/** Prompt sizes and decode batches that span the compute-bound and memory-bound ends. */
export const PLOT_PREFILL_TOKENS: readonly number[] = [512, 2048, 8192];
export const PLOT_DECODE_BATCHES: readonly number[] = [1, 16, 64];
export const PLOT_DECODE_CONTEXT = 1024;

export function profileCurves(steps: StepModel, base: Omit<ConfigPoint, 'clockMHz'>, clocksMHz: readonly number[]): CurvePoint[] {
  const points: CurvePoint[] = [];
  for (const clockMHz of clocksMHz) {
    const cfg = { ...base, clockMHz };
    for (const tokens of PLOT_PREFILL_TOKENS) {
      const s = steps.prefill(cfg, tokens);
      points.push({ series: `prefill ${tokens.toLocaleString('en-US')} tokens`, phase: 'prefill', clockMHz, latencyMs: s.time.totalMs, powerW: s.powerW, clamped: s.clamped !== undefined });
    }
    for (const batch of PLOT_DECODE_BATCHES) {
      const s = steps.decode(cfg, batch, PLOT_DECODE_CONTEXT);
      points.push({ series: `decode batch ${batch}, ctx ${PLOT_DECODE_CONTEXT}`, phase: 'decode', clockMHz, latencyMs: s.time.totalMs, powerW: s.powerW, clamped: s.clamped !== undefined });
    }
  }
  return points;
}
