export { FIGURES, REPRODUCTION_RUNS, TOLERANCE, energyChange, fleetCostChange, meanGpusInServiceChange, peakPowerChange, provisionedPowerChange, provisionedPowerKW, serversChange, throughputRatio, throughputRatioChange } from './figures.js';
export type { FigureDefinition, ReproductionRun } from './figures.js';
export { reproduce, runReproduction, figureOutcome, withinTolerance } from './reproduce.js';
export type { FigureOutcome, ReproduceOptions } from './reproduce.js';
export { reproductionsTable, withTable, parseTable, reproductionsTableProblems, BEGIN, END, HEADER } from './table.js';
