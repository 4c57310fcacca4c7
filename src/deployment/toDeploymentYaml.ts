/**
 * A plan written back out as a deployment file (`llmcap deployment from-plan`): its pools per window
 * in the plan's row order, with the planned rates (which route each class over the pools as planned)
 * and the predicted figures (which the replay compares energy with), and its idle GPUs. Replaying the
 * file replays the plan: same rows, same order. Pure.
 */
import { stringify } from 'yaml';
import { DEFAULT_STACK } from '../profiles/index.js';
import type { ReplayPlan } from '../sim/index.js';

export function toDeploymentYaml(plan: ReplayPlan, options: { readonly name: string; readonly source: string }): string {
  const windows = new Map<number, { pools: unknown[]; idle: unknown[] }>();
  for (const row of plan.rows) {
    let w = windows.get(row.window);
    if (!w) windows.set(row.window, (w = { pools: [], idle: [] }));
    const planned = { meanPowerKW: row.meanPowerKW, energyKWh: row.energyKWh };
    if (row.role === 'idle') {
      w.idle.push({ gpu: row.gpu, gpus: row.gpus, planned });
      continue;
    }
    // The preset and precision are always written (a row without them is a plan from before presets:
    // vllm-2023 at bf16), so the file replays the same engine whatever scenario it is applied to.
    const stack = row.stack || DEFAULT_STACK;
    const precision = row.precision || 'bf16';
    w.pools.push({ model: row.model, gpu: row.gpu, tp: row.tp, clockMHz: row.clockMHz, role: row.role, stack, precision, instances: row.instances, rates: { ...row.ratesRps }, planned });
  }
  const doc = {
    name: options.name,
    description: `the pools of ${options.source}, per window, with its planned rates and figures`,
    windows: [...windows].map(([window, w]) => ({ window, pools: w.pools, ...(w.idle.length > 0 ? { idle: w.idle } : {}) })),
  };
  const header = `# Written by \`llmcap deployment from-plan ${options.source}\`. Edit the pools to ask "what if"; drop\n# rates and planned to route in proportion to GPUs and leave the planned energy out. Format: docs/deployments.md\n`;
  return header + stringify(doc, { lineWidth: 0 });
}
