/** Small hand-checkable scenarios as YAML text, with a few knobs. */
import { scenarioFromText, type Scenario } from '../../src/scenario/index.js';

export interface TinyOptions {
  windows?: number;
  rps?: number | number[];
  gpus?: string[];
  tp?: number[];
  clocks?: Record<string, number[]>;
  ttftMs?: number;
  tbtMs?: number;
  provisionedKW?: number;
  inventory?: Record<string, number>;
  maxServers?: Record<string, number>;
  objective?: string;
  inputMean?: number;
  outputMean?: number;
  roles?: string[];
  idleServers?: 'on' | 'off';
  maxGpuStartsPerWindow?: number;
  instanceStartS?: number;
  electricityUsdPerKWh?: number;
  /** prices.capex: buy these GPU types (purchase price per server, amortized over the years). */
  capex?: Record<string, { usdPerServer: number; amortizationYears: number }>;
  /** hardware.stack: one preset or several. */
  stack?: string | string[];
  precisions?: string[];
  maxBatch?: number;
  /** prices.acquisition: one list for every type, or one per type. */
  acquisition?: string[] | Record<string, string[]>;
  /** prices.gpuHourUsd, prices.onDemandGpuHourUsd and prices.ownedGpuHourUsd per GPU type. */
  gpuHourUsd?: Record<string, number>;
  onDemandGpuHourUsd?: Record<string, number>;
  ownedGpuHourUsd?: Record<string, number>;
}

const perGpu = (m: Record<string, number>) => `{ ${Object.entries(m).map(([g, n]) => `${g}: ${n}`).join(', ')} }`;

export function tinyScenarioYaml(o: TinyOptions = {}): string {
  const windows = o.windows ?? 2;
  const rps = o.rps ?? 1;
  const demand = Array.isArray(rps) ? `totalRps: [${rps.join(', ')}]` : `meanRps: ${rps}`;
  const clocks = o.clocks ? `  clocks: { list: { ${Object.entries(o.clocks).map(([g, l]) => `${g}: [${l.join(', ')}]`).join(', ')} } }\n` : '  clocks: { count: 1 }\n';
  return [
    'name: tiny',
    'horizon: { start: "2024-01-01T00:00:00Z", windows: ' + windows + ', windowMinutes: 60 }',
    'services:',
    '  - name: chat',
    '    model: Llama-2-70B',
    '    classes:',
    '      inputThresholds: []',
    '      outputThresholds: []',
    '      stats:',
    `        AA: { share: 1, input: { mean: ${o.inputMean ?? 1000} }, output: { mean: ${o.outputMean ?? 100} } }`,
    '    slo:',
    `      default: { ttft: { percentile: 99, ms: ${o.ttftMs ?? 5000} }, tbt: { percentile: 99, ms: ${o.tbtMs ?? 200} } }`,
    '    demand:',
    `      ${demand}`,
    'hardware:',
    `  gpus: [${(o.gpus ?? ['H100-80GB']).join(', ')}]`,
    `  tp: [${(o.tp ?? [8]).join(', ')}]`,
    clocks.trimEnd(),
    o.roles ? `  roles: [${o.roles.join(', ')}]` : '',
    o.stack ? `  stack: ${Array.isArray(o.stack) ? `[${o.stack.join(', ')}]` : o.stack}` : '',
    o.precisions ? `  precisions: [${o.precisions.join(', ')}]` : '',
    o.inventory ? `  inventory: { ${Object.entries(o.inventory).map(([g, n]) => `${g}: ${n}`).join(', ')} }` : '',
    o.maxServers ? `  maxServers: { ${Object.entries(o.maxServers).map(([g, n]) => `${g}: ${n}`).join(', ')} }` : '',
    o.provisionedKW !== undefined || o.idleServers
      ? `power: { ${[o.provisionedKW !== undefined ? `provisionedKW: ${o.provisionedKW}` : '', o.idleServers ? `idleServers: ${o.idleServers}` : ''].filter(Boolean).join(', ')} }`
      : '',
    o.maxGpuStartsPerWindow !== undefined || o.instanceStartS !== undefined
      ? `reconfiguration: { ${[o.maxGpuStartsPerWindow !== undefined ? `maxGpuStartsPerWindow: ${o.maxGpuStartsPerWindow}` : '', o.instanceStartS !== undefined ? `instanceStartS: ${o.instanceStartS}` : ''].filter(Boolean).join(', ')} }`
      : '',
    o.electricityUsdPerKWh !== undefined || o.capex || o.acquisition || o.gpuHourUsd || o.onDemandGpuHourUsd || o.ownedGpuHourUsd
      ? `prices: { ${[
          o.electricityUsdPerKWh !== undefined ? `electricityUsdPerKWh: ${o.electricityUsdPerKWh}` : '',
          o.capex ? `capex: { ${Object.entries(o.capex).map(([g, c]) => `${g}: { usdPerServer: ${c.usdPerServer}, amortizationYears: ${c.amortizationYears} }`).join(', ')} }` : '',
          o.acquisition ? `acquisition: ${Array.isArray(o.acquisition) ? `[${o.acquisition.join(', ')}]` : `{ ${Object.entries(o.acquisition).map(([g, l]) => `${g}: [${l.join(', ')}]`).join(', ')} }`}` : '',
          o.gpuHourUsd ? `gpuHourUsd: ${perGpu(o.gpuHourUsd)}` : '',
          o.onDemandGpuHourUsd ? `onDemandGpuHourUsd: ${perGpu(o.onDemandGpuHourUsd)}` : '',
          o.ownedGpuHourUsd ? `ownedGpuHourUsd: ${perGpu(o.ownedGpuHourUsd)}` : '',
        ].filter(Boolean).join(', ')} }`
      : '',
    o.maxBatch !== undefined ? `simulation: { maxBatch: ${o.maxBatch} }` : '',
    o.objective ? `objective: ${o.objective}` : '',
  ].filter((l) => l !== '').join('\n') + '\n';
}

export function tinyScenario(o: TinyOptions = {}): Scenario {
  return scenarioFromText(tinyScenarioYaml(o), 'tiny.yaml');
}
