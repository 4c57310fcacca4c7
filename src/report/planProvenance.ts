/**
 * Where a plan came from, recorded in plan.arrow (schema metadata) and summary.json: the llmcap version,
 * the scenario's name, a hash of the resolved scenario, and its structure — windows, window length,
 * start, classes and models. A replay checks the structure: a plan replayed against a scenario with
 * other windows or classes would reject or misroute most requests and say nothing useful. Demand,
 * prices and SLOs are not structure: replaying a plan under other ones is a what-if.
 */
import { createHash } from 'node:crypto';
import type { Scenario } from '../scenario/index.js';
import { LLMCAP_VERSION } from './version.js';

export const PROVENANCE_KEY = 'llmcap.provenance';

export interface PlanStructure {
  readonly windows: number;
  readonly windowHours: number;
  readonly start: string;
  readonly classes: readonly string[];
  readonly models: readonly string[];
}

export interface PlanProvenance {
  readonly llmcap: string;
  readonly scenario: string;
  /** SHA-256 of the resolved scenario (every input that shapes the plan; not the file's path). */
  readonly scenarioSha256: string;
  readonly structure: PlanStructure;
}

export function planStructure(scenario: Scenario): PlanStructure {
  return {
    windows: scenario.horizon.windows.length,
    windowHours: scenario.horizon.windowHours,
    start: scenario.horizon.startIso,
    classes: scenario.classes.map((c) => c.id),
    models: [...new Set(scenario.classes.map((c) => c.model))].sort(),
  };
}

export function planProvenance(scenario: Scenario): PlanProvenance {
  return { llmcap: LLMCAP_VERSION, scenario: scenario.name, scenarioSha256: scenarioSha256(scenario), structure: planStructure(scenario) };
}

/** The resolved scenario as canonical JSON (sorted keys, typed arrays as lists), hashed. */
export function scenarioSha256(scenario: Scenario): string {
  const { file: _file, ...rest } = scenario;
  return sha256(canonicalJson(rest));
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (ArrayBuffer.isView(value)) return canonicalJson(Array.from(value as unknown as ArrayLike<number>));
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value instanceof Map) return canonicalJson(Object.fromEntries(value));
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined && typeof v !== 'function');
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return JSON.stringify(String(value));
  return JSON.stringify(value) ?? 'null';
}

/** What differs between the structure a plan was made for and a scenario's; empty when they match. */
export function structureDifferences(plan: PlanStructure, scenario: PlanStructure): string[] {
  const out: string[] = [];
  if (plan.windows !== scenario.windows) out.push(`windows: the plan has ${plan.windows}, the scenario ${scenario.windows}`);
  if (plan.windowHours !== scenario.windowHours) out.push(`window length: the plan's is ${plan.windowHours} h, the scenario's ${scenario.windowHours} h`);
  const missing = plan.classes.filter((c) => !scenario.classes.includes(c));
  const extra = scenario.classes.filter((c) => !plan.classes.includes(c));
  if (missing.length > 0 || extra.length > 0) {
    out.push(`classes: ${[missing.length > 0 ? `only the plan has ${list(missing)}` : '', extra.length > 0 ? `only the scenario has ${list(extra)}` : ''].filter(Boolean).join('; ')}`);
  }
  if (plan.models.join(',') !== scenario.models.join(',')) out.push(`models: the plan serves ${plan.models.join(', ')}, the scenario ${scenario.models.join(', ')}`);
  return out;
}

function list(items: readonly string[]): string {
  return items.length <= 4 ? items.join(', ') : `${items.slice(0, 4).join(', ')} and ${items.length - 4} more`;
}
