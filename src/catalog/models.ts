import { cite, deepFreeze } from './cited.js';
import { SRC } from './sources.js';
import type { ModelId, ModelSpec } from './types.js';

// Architecture facts come from the model papers and the official config.json files, not from
// SplitwiseSim: its llama2-70b.yaml says 32 heads and its KV formula ignores grouped-query attention,
// which overstates Llama-2-70B's KV cache 8×.

const fp16 = cite(2, SRC.fp16Serving);

const llama2_70b: ModelSpec = {
  id: 'Llama-2-70B',
  aliases: [
    'llama2-70b',
    'llama-2-70b',
    'llama2-70b-hf',
    'llama-2-70b-hf',
    'llama-2-70b-chat',
    'meta-llama/Llama-2-70b-hf',
    'meta-llama/Llama-2-70b-chat-hf',
  ],
  paramsB: cite(69, `${SRC.llama2} (≈68.98B in the released checkpoint; the paper rounds to 70B)`),
  activeParamsB: cite(69, `dense model; ${SRC.llama2}`),
  layers: cite(80, SRC.llama2),
  hiddenSize: cite(8192, SRC.llama2),
  attentionHeads: cite(64, SRC.llama2),
  kvHeads: cite(8, `grouped-query attention; ${SRC.llama2}`),
  headDim: cite(128, `hidden 8192 / 64 heads; ${SRC.llama2}`),
  dtypeBytes: fp16,
  maxContextTokens: cite(4096, SRC.llama2),
};

const llama31_8b: ModelSpec = {
  id: 'Llama-3.1-8B',
  aliases: [
    'llama3.1-8b',
    'llama-3.1-8b',
    'llama31-8b',
    'meta-llama/Llama-3.1-8B',
    'meta-llama/Llama-3.1-8B-Instruct',
    'meta-llama/Meta-Llama-3.1-8B',
    'meta-llama/Meta-Llama-3.1-8B-Instruct',
  ],
  paramsB: cite(8.03, 'meta-llama/Llama-3.1-8B model card (8.03B); arXiv:2407.21783 Table 3 (8B)'),
  activeParamsB: cite(8.03, `dense model; ${SRC.llama3}`),
  layers: cite(32, SRC.llama3),
  hiddenSize: cite(4096, SRC.llama3),
  attentionHeads: cite(32, SRC.llama3),
  kvHeads: cite(8, `grouped-query attention; ${SRC.llama3}`),
  headDim: cite(128, `hidden 4096 / 32 heads; ${SRC.llama3}`),
  dtypeBytes: fp16,
  maxContextTokens: cite(131_072, `128K context; ${SRC.llama3}`),
};

const llama31_70b: ModelSpec = {
  id: 'Llama-3.1-70B',
  aliases: [
    'llama3.1-70b',
    'llama-3.1-70b',
    'llama31-70b',
    'meta-llama/Llama-3.1-70B',
    'meta-llama/Llama-3.1-70B-Instruct',
    'meta-llama/Meta-Llama-3.1-70B',
    'meta-llama/Meta-Llama-3.1-70B-Instruct',
  ],
  paramsB: cite(70.6, 'meta-llama/Llama-3.1-70B model card (70.6B); arXiv:2407.21783 Table 3 (70B)'),
  activeParamsB: cite(70.6, `dense model; ${SRC.llama3}`),
  layers: cite(80, SRC.llama3),
  hiddenSize: cite(8192, SRC.llama3),
  attentionHeads: cite(64, SRC.llama3),
  kvHeads: cite(8, `grouped-query attention; ${SRC.llama3}`),
  headDim: cite(128, `hidden 8192 / 64 heads; ${SRC.llama3}`),
  dtypeBytes: fp16,
  maxContextTokens: cite(131_072, `128K context; ${SRC.llama3}`),
};

const mixtral_8x7b: ModelSpec = {
  id: 'Mixtral-8x7B',
  aliases: [
    'mixtral-8x7b',
    'mixtral',
    'mistralai/Mixtral-8x7B-v0.1',
    'mistralai/Mixtral-8x7B-Instruct-v0.1',
  ],
  paramsB: cite(46.7, 'Mixtral paper arXiv:2401.04088 §2 ("47B"); 46.7B per Mistral AI release notes'),
  activeParamsB: cite(12.9, 'top-2 of 8 experts: arXiv:2401.04088 §2 ("13B active"); 12.9B per Mistral AI release notes'),
  layers: cite(32, SRC.mixtral),
  hiddenSize: cite(4096, SRC.mixtral),
  attentionHeads: cite(32, SRC.mixtral),
  kvHeads: cite(8, `grouped-query attention; ${SRC.mixtral}`),
  headDim: cite(128, SRC.mixtral),
  dtypeBytes: fp16,
  maxContextTokens: cite(32_768, SRC.mixtral),
};

const bloom_176b: ModelSpec = {
  id: 'BLOOM-176B',
  aliases: ['bloom-176b', 'bloom', 'bloom176b', 'bigscience/bloom'],
  paramsB: cite(176, SRC.bloom),
  activeParamsB: cite(176, `dense model; ${SRC.bloom}`),
  layers: cite(70, SRC.bloom),
  hiddenSize: cite(14_336, SRC.bloom),
  attentionHeads: cite(112, SRC.bloom),
  kvHeads: cite(112, `multi-head attention (one KV head per head); ${SRC.bloom}`),
  headDim: cite(128, `hidden 14336 / 112 heads; ${SRC.bloom}`),
  dtypeBytes: fp16,
  maxContextTokens: cite(2048, `training sequence length; ${SRC.bloom}`),
};

/** Keyed by the closed ModelId union, so adding an id without its entry fails to compile. */
export const MODELS: Readonly<Record<ModelId, ModelSpec>> = deepFreeze({
  'Llama-2-70B': llama2_70b,
  'Llama-3.1-8B': llama31_8b,
  'Llama-3.1-70B': llama31_70b,
  'Mixtral-8x7B': mixtral_8x7b,
  'BLOOM-176B': bloom_176b,
});
