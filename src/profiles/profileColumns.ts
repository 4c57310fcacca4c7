/**
 * The profile-table contract (DESIGN.md "Profile table"), declared once: CSV headers, Arrow schemas,
 * validation messages and profiles/README.md derive from this list.
 */

export type ProfilePhase = 'prefill' | 'decode';
export const PROFILE_PHASES: readonly ProfilePhase[] = ['prefill', 'decode'];

export type ProfileColumnType = 'model' | 'gpu' | 'int' | 'number' | 'phase' | 'string';

export interface ProfileColumn {
  readonly name: string;
  readonly type: ProfileColumnType;
  readonly unit: string;
  readonly meaning: string;
}

export const PROFILE_COLUMNS: readonly ProfileColumn[] = [
  { name: 'model', type: 'model', unit: '', meaning: 'catalog model id or alias (e.g. Llama-2-70B, llama2-70b)' },
  { name: 'gpu', type: 'gpu', unit: '', meaning: 'catalog GPU id or alias (e.g. H100-80GB, a100-80gb)' },
  { name: 'tp', type: 'int', unit: 'GPUs', meaning: 'tensor-parallel degree of the instance' },
  { name: 'freq_mhz', type: 'number', unit: 'MHz', meaning: 'locked SM clock' },
  { name: 'phase', type: 'phase', unit: '', meaning: '`prefill` or `decode`' },
  { name: 'batch_size', type: 'int', unit: 'requests', meaning: 'prompts in the prefill pass, or sequences in the decode iteration' },
  { name: 'tokens', type: 'number', unit: 'tokens', meaning: 'prefill: prompt tokens in the batch (all prompts); decode: mean context length per sequence' },
  { name: 'latency_ms', type: 'number', unit: 'ms', meaning: 'prefill: the whole pass; decode: one iteration (one token for every sequence)' },
  { name: 'power_w', type: 'number', unit: 'W', meaning: 'average power of the whole instance (all TP GPUs) during the step' },
  { name: 'source', type: 'string', unit: '', meaning: 'where the row comes from (analytic model, measurement, importer and file)' },
];

export const PROFILE_COLUMN_NAMES: readonly string[] = PROFILE_COLUMNS.map((c) => c.name);
