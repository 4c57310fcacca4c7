/**
 * Profile table → Arrow IPC file bytes. Strings are dictionary-encoded and integer columns narrow,
 * so a table of ~20,000 rows takes ~0.6 MB; latency and power stay Float64 so a table read back
 * equals the model that wrote it, bit for bit.
 */
import { Dictionary, Float64, Int32, Int8, Table, Utf8, tableToIPC, vectorFromArray } from 'apache-arrow';
import type { ProfileTable } from './profileTable.js';

export function toProfileArrow(t: ProfileTable): Uint8Array {
  // Dictionary ids must differ per column, else the IPC writer shares one dictionary between them.
  const dict = (values: readonly string[], id: number) => vectorFromArray(values, new Dictionary(new Utf8(), new Int8(), id));
  const table = new Table({
    model: dict(t.model, 0),
    gpu: dict(t.gpu, 1),
    tp: vectorFromArray(Array.from(t.tp), new Int8()),
    freq_mhz: vectorFromArray(Array.from(t.freqMHz), new Float64()),
    phase: dict(t.phase, 2),
    batch_size: vectorFromArray(Array.from(t.batchSize), new Int32()),
    tokens: vectorFromArray(Array.from(t.tokens), new Float64()),
    latency_ms: vectorFromArray(Array.from(t.latencyMs), new Float64()),
    power_w: vectorFromArray(Array.from(t.powerW), new Float64()),
    source: dict(t.source, 3),
  });
  return tableToIPC(table, 'file');
}
