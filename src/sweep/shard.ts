/**
 * Shards: a deterministic partition of the variants, variant k to shard k mod n (round robin, so
 * neighbouring variants — often alike in size — spread over the shards). The shard comes from
 * `--shard i/n`, or, in a Kubernetes Indexed Job, from the pod's JOB_COMPLETION_INDEX with the count
 * from `--shards n` (the Job exposes no count, so the generated manifest writes it in).
 */
import { InputError } from '../core/errors.js';

export interface Shard {
  /** 0-based. */
  readonly index: number;
  readonly count: number;
}

export const WHOLE: Shard = { index: 0, count: 1 };

/** The environment variable Kubernetes sets in each pod of an Indexed Job. */
export const JOB_INDEX_ENV = 'JOB_COMPLETION_INDEX';

export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index >= count) {
    throw new InputError({ field: '--shard', message: `'${text}' is not a shard i/n with 0 ≤ i < n`, fix: 'write e.g. --shard 0/3, --shard 1/3 and --shard 2/3 for three shards' });
  }
  return { index, count };
}

/** The shard to run: --shard, else JOB_COMPLETION_INDEX with --shards, else the whole sweep. */
export function shardFrom(options: { readonly shard?: string; readonly shards?: number }, env: Readonly<Record<string, string | undefined>>): Shard {
  if (options.shard !== undefined) {
    if (options.shards !== undefined) throw new InputError({ field: '--shards', message: '--shard and --shards both given', fix: 'give --shard i/n, or --shards n with the index in JOB_COMPLETION_INDEX' });
    return parseShard(options.shard);
  }
  const fromJob = env[JOB_INDEX_ENV];
  if (options.shards !== undefined) {
    if (fromJob === undefined || fromJob === '') {
      throw new InputError({ field: '--shards', message: `--shards ${options.shards} needs the shard index in ${JOB_INDEX_ENV}, which is not set`, fix: 'outside a Kubernetes Indexed Job give --shard i/n instead' });
    }
    return parseShard(`${fromJob}/${options.shards}`);
  }
  if (fromJob !== undefined && fromJob !== '') {
    throw new InputError({ field: '--shards', message: `${JOB_INDEX_ENV}=${fromJob} is set (a Kubernetes Indexed Job) but the number of shards is not given`, fix: 'pass --shards N, the Job\'s completions (`llmcap sweep k8s` writes it into the manifest)' });
  }
  return WHOLE;
}

export function inShard(variantIndex: number, shard: Shard): boolean {
  return variantIndex % shard.count === shard.index;
}

export function shardLabel(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}
