export type { Design, CompareMode } from './types.js';
export { compareDesigns } from './compareDesigns.js';
export type { DesignResult, CompareOptions } from './compareDesigns.js';
export { COMPARE_COLUMNS } from './compareColumns.js';
export type { CompareColumn } from './compareColumns.js';
export { applyDesign } from './applyDesign.js';
export { designsFromText, fromDesignsFile, BUILT_IN_DESIGNS } from './fromDesignsFile.js';
export { selectDesigns } from './selectDesigns.js';
export { sliceScenario, peakWindow, demandTokens } from './sliceScenario.js';
