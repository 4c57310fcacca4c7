/** Helpers shared by the workload tests: read a whole (small) trace, catch InputErrors, run the CLI. */
import { InputError } from '../../src/core/errors.js';
import type { TraceSource } from '../../src/workload/index.js';
export { runCli } from '../helpers/runCli.js';

export const FIXTURES = new URL('../fixtures/traces/', import.meta.url).pathname;
export const SHARED_TRACES = new URL('../../../shared/traces/', import.meta.url).pathname;
export const CONV = `${SHARED_TRACES}AzureLLMInferenceTrace_conv.csv`;
export const CODE = `${SHARED_TRACES}AzureLLMInferenceTrace_code.csv`;

export interface TraceRows {
  arrivalS: number[];
  inputTokens: number[];
  outputTokens: number[];
  serviceIndex: number[];
  classIndex: number[];
  chunks: number;
}

export async function readAll(source: TraceSource): Promise<TraceRows> {
  const rows: TraceRows = { arrivalS: [], inputTokens: [], outputTokens: [], serviceIndex: [], classIndex: [], chunks: 0 };
  for await (const c of source.chunks()) {
    rows.chunks++;
    rows.arrivalS.push(...c.arrivalS);
    rows.inputTokens.push(...c.inputTokens);
    rows.outputTokens.push(...c.outputTokens);
    rows.serviceIndex.push(...c.serviceIndex);
    if (c.classIndex) rows.classIndex.push(...c.classIndex);
  }
  return rows;
}

export async function inputErrorOf(work: () => Promise<unknown>): Promise<InputError> {
  try {
    await work();
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected an InputError');
}

