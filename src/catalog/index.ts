/** The catalog's public surface: other folders import from here only. */
export type { Cited, GpuId, GpuSpec, ModelId, ModelSpec, Precision, ServerSpec } from './types.js';
export { cite, estimate, ESTIMATE_PREFIX, isEstimate, listCited } from './cited.js';
export type { CitedEntry } from './cited.js';
export { GPUS } from './gpus.js';
export { MODELS } from './models.js';
export {
  editDistance,
  getGpu,
  getModel,
  gpuIds,
  modelIds,
  resolveGpuId,
  resolveModelId,
  suggest,
  suggestGpuIds,
  suggestModelIds,
} from './lookup.js';
export { clockGrid, gpuMemoryBytes, kvBytesPerElement, kvBytesPerToken, peakTflops, PRECISIONS, serverHostW, hostLoadFactor, supportsPrecision, weightBytes, weightBytesPerParam } from './derived.js';
export { gpuCatalogMarkdown, listEstimates, modelCatalogMarkdown } from './describe.js';
export type { CatalogEstimate } from './describe.js';
