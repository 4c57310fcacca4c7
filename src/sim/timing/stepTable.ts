/**
 * Step times and power of one (model, GPU, TP, clock), memoized over the StepModel: a replay asks for
 * the same few thousand (batch, context) and (tokens, prompts) points millions of times, and an
 * analytic decode estimate costs about a microsecond. Memo entries live in typed arrays indexed
 * directly by (prompts, tokens) and (batch, context blocks), time and power interleaved, NaN until
 * computed; rare points beyond the arrays go to a Map. (Plain JS arrays indexed far past their length
 * fall back to slow dictionary storage in V8 — hence typed arrays.)
 *
 * The one approximation made here: decode context is counted in whole paged-KV blocks (16 tokens,
 * rounded up), as the attention kernel reads whole blocks; `decodeContextTokens` says what was used.
 */
import { KV_BLOCK_TOKENS } from '../../capacity/index.js';
import type { ConfigPoint, StepEstimate, StepModel } from '../../profiles/index.js';

/** Direct-indexed rows: single prompts up to this many tokens, batched passes up to this many tokens. */
const SINGLE_PROMPT_MAX = 32_768;
const BATCH_TOKENS_MAX = 8192;
/** Direct-indexed decode rows cover contexts up to this many blocks (16 k tokens). */
const CONTEXT_BLOCKS_MAX = 1024;

export function decodeContextTokens(meanContextTokens: number): number {
  return Math.max(1, Math.ceil(meanContextTokens / KV_BLOCK_TOKENS - 1e-9)) * KV_BLOCK_TOKENS;
}

function row(length: number): Float64Array {
  return new Float64Array(2 * length).fill(NaN);
}

export class StepTable {
  readonly idleW: number;
  private readonly single = row(SINGLE_PROMPT_MAX + 1);
  /** batched[prompts]: passes of `prompts` prompts (≥ 2), by total tokens. */
  private readonly batched: (Float64Array | undefined)[] = [];
  /** decodes[batch]: iterations of `batch` sequences, by context blocks. */
  private readonly decodes: (Float64Array | undefined)[] = [];
  private readonly rare = new Map<string, StepEstimate>();

  constructor(
    private readonly steps: StepModel,
    readonly point: ConfigPoint,
  ) {
    this.idleW = steps.idlePowerW(point);
  }

  get clockMHz(): number {
    return this.point.clockMHz;
  }

  /** The row holding the pass (time at 2·tokens, power next to it), filled on first use; undefined beyond the rows. */
  private prefillRow(totalTokens: number, prompts: number): Float64Array | undefined {
    let cells: Float64Array | undefined;
    if (prompts <= 1) {
      if (totalTokens > SINGLE_PROMPT_MAX) return undefined;
      cells = this.single;
    } else {
      if (totalTokens > BATCH_TOKENS_MAX || prompts > 4096) return undefined;
      cells = this.batched[prompts];
      if (cells === undefined) {
        cells = row(BATCH_TOKENS_MAX + 1);
        this.batched[prompts] = cells;
      }
    }
    const at = 2 * totalTokens;
    if (Number.isNaN(cells[at])) this.fill(cells, at, this.steps.prefill(this.point, totalTokens, prompts <= 1 ? totalTokens : totalTokens / prompts));
    return cells;
  }

  private fill(cells: Float64Array, at: number, e: StepEstimate): void {
    cells[at] = e.time.totalMs;
    cells[at + 1] = e.powerW;
  }

  private rareEstimate(key: string, compute: () => StepEstimate): StepEstimate {
    let e = this.rare.get(key);
    if (e === undefined) {
      e = compute();
      this.rare.set(key, e);
    }
    return e;
  }

  private rarePrefill(totalTokens: number, prompts: number): StepEstimate {
    return this.rareEstimate(`p${totalTokens}/${prompts}`, () => this.steps.prefill(this.point, totalTokens, totalTokens / Math.max(1, prompts)));
  }

  /** Time of one prefill pass over `totalTokens` from `prompts` prompts (mean length per prompt), ms. */
  prefillMs(totalTokens: number, prompts: number): number {
    const cells = this.prefillRow(totalTokens, prompts);
    return cells ? (cells[2 * totalTokens] as number) : this.rarePrefill(totalTokens, prompts).time.totalMs;
  }

  /** Instance power during that pass, W. */
  prefillPowerW(totalTokens: number, prompts: number): number {
    const cells = this.prefillRow(totalTokens, prompts);
    return cells ? (cells[2 * totalTokens + 1] as number) : this.rarePrefill(totalTokens, prompts).powerW;
  }

  /** The row holding the iteration (time at 2·blocks, power next to it), filled on first use; undefined beyond the rows. */
  private decodeRow(batch: number, blocks: number): Float64Array | undefined {
    if (blocks > CONTEXT_BLOCKS_MAX || batch > 65_536) return undefined;
    let cells = this.decodes[batch];
    if (cells === undefined) {
      cells = row(CONTEXT_BLOCKS_MAX + 1);
      this.decodes[batch] = cells;
    }
    const at = 2 * blocks;
    if (Number.isNaN(cells[at])) this.fill(cells, at, this.steps.decode(this.point, batch, blocks * KV_BLOCK_TOKENS));
    return cells;
  }

  private rareDecode(batch: number, blocks: number): StepEstimate {
    return this.rareEstimate(`d${batch}/${blocks}`, () => this.steps.decode(this.point, batch, blocks * KV_BLOCK_TOKENS));
  }

  /** Time of one decode iteration of `batch` sequences whose mean context is `meanContextTokens` (rounded up to KV blocks), ms. */
  decodeMs(batch: number, meanContextTokens: number): number {
    const blocks = decodeContextTokens(meanContextTokens) / KV_BLOCK_TOKENS;
    const cells = this.decodeRow(batch, blocks);
    return cells ? (cells[2 * blocks] as number) : this.rareDecode(batch, blocks).time.totalMs;
  }

  /**
   * One fused step of chunked prefill: `batch` decodes (mean context rounded up to KV blocks) and a chunk
   * of `chunkTokens` prompt tokens attending to `attendedTokens` each. Not memoized: a hybrid run is one
   * event, so this is asked once per run.
   */
  mixed(batch: number, meanContextTokens: number, chunkTokens: number, attendedTokens: number): { timeMs: number; powerW: number } {
    const e = this.steps.mixed(this.point, batch, decodeContextTokens(meanContextTokens), chunkTokens, attendedTokens);
    return { timeMs: e.time.totalMs, powerW: e.powerW };
  }

  /** Instance power during that iteration, W. */
  decodePowerW(batch: number, meanContextTokens: number): number {
    const blocks = decodeContextTokens(meanContextTokens) / KV_BLOCK_TOKENS;
    const cells = this.decodeRow(batch, blocks);
    return cells ? (cells[2 * blocks + 1] as number) : this.rareDecode(batch, blocks).powerW;
  }
}

/** One StepTable per (model, GPU, TP, clock, preset, precision), shared by every instance of that config in a replay. */
export class StepCache {
  private readonly tables = new Map<string, StepTable>();

  constructor(private readonly steps: StepModel) {}

  get(point: ConfigPoint): StepTable {
    const key = `${point.model.id}|${point.gpu.id}|${point.tp}|${point.clockMHz}|${point.stack ?? ''}|${point.precision ?? ''}`;
    let t = this.tables.get(key);
    if (t === undefined) {
      t = new StepTable(this.steps, point);
      this.tables.set(key, t);
    }
    return t;
  }
}
