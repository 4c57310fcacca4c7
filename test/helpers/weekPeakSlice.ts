/**
 * week.yaml's Monday peak from 13:00, `windows` hours of it, narrowed to H100 TP8 mixed pools at the
 * top clock on the vllm-2025 preset in BF16, with week.yaml's pools per service and input bin: the
 * repair loop's tests (with those pools the plan passes as it is; in one shared pool it misses). The
 * narrowing is by text: should week.yaml's hardware lines change, it says so rather than plan the whole week.
 */
import { scenarioFromText, type Scenario } from '../../src/scenario/index.js';
import { WEEK, weekTextOn } from './weekOnStack.js';

export function weekPeakSlice(windows: number): Scenario {
  const text = weekTextOn('vllm-2025', 'bf16')
    .replace("start: '2024-05-13T00:00:00Z'", "start: '2024-05-13T13:00:00Z'")
    .replace('windows: 168', `windows: ${windows}`)
    .replace('gpus: [A100-80GB, H100-80GB, H200, L40S]', 'gpus: [H100-80GB]')
    .replace('tp: [1, 2, 4, 8]', 'tp: [8]')
    .replace('clocks: { count: 5, minFraction: 0.4 }', 'clocks: { count: 1 }')
    .replace('roles: [mixed, prefill, decode]', 'roles: [mixed]');
  const scenario = scenarioFromText(text, WEEK);
  if (scenario.horizon.windows.length !== windows || scenario.hardware.gpus.join() !== 'H100-80GB' || scenario.hardware.tp.join() !== '8' || scenario.hardware.roles.join() !== 'mixed' || scenario.hardware.stacks.join() !== 'vllm-2025' || scenario.hardware.precisions.join() !== 'bf16' || scenario.planning.pools !== 'by-service-and-input-bin') {
    throw new Error('week.yaml horizon or hardware lines changed: update test/helpers/weekPeakSlice.ts');
  }
  return scenario;
}
