/**
 * One chat service on Llama-2-70B with two classes in two input bins, half the requests each:
 * chat/SA (500-token prompts) and chat/LA (2,000-token prompts), on H100-80GB at 1980 MHz. Small
 * enough to work a plan out by hand; the pool partition is the caller's.
 */
import { scenarioFromText, type PoolPartition, type Scenario } from '../../src/scenario/index.js';

export interface TwoBinOptions {
  /** Requests per second, one entry per hourly window. */
  readonly totalRps: readonly number[];
  readonly pools: PoolPartition;
  /** Mean output tokens of SA and LA. */
  readonly outputs: { readonly SA: number; readonly LA: number };
  readonly tp: readonly number[];
  /** Roles the plan may use (the scenario's default when absent). */
  readonly roles?: readonly ('mixed' | 'prefill' | 'decode')[];
}

export function twoBinScenario(o: TwoBinOptions): Scenario {
  return scenarioFromText(
    [
      'name: two-bins',
      `horizon: { start: "2024-01-01T00:00:00Z", windows: ${o.totalRps.length}, windowMinutes: 60 }`,
      'services:',
      '  - name: chat',
      '    model: Llama-2-70B',
      '    classes:',
      '      inputThresholds: [1024]',
      '      outputThresholds: []',
      '      stats:',
      `        SA: { share: 0.5, input: { mean: 500 }, output: { mean: ${o.outputs.SA} } }`,
      `        LA: { share: 0.5, input: { mean: 2000 }, output: { mean: ${o.outputs.LA} } }`,
      '    slo:',
      '      default: { ttft: { percentile: 99, ms: 5000 }, tbt: { percentile: 99, ms: 200 } }',
      '    demand:',
      `      totalRps: [${o.totalRps.join(', ')}]`,
      'hardware:',
      '  gpus: [H100-80GB]',
      `  tp: [${o.tp.join(', ')}]`,
      '  clocks: { list: { H100-80GB: [1980] } }',
      ...(o.roles ? [`  roles: [${o.roles.join(', ')}]`] : []),
      `planning: { pools: ${o.pools} }`,
    ].join('\n'),
    'two-bins.yaml',
  );
}
