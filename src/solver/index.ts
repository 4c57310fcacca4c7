/**
 * Public surface of the solver layer. Other folders import only from here.
 */
export { LinExpr } from './linExpr.js';
export { Model } from './model.js';
export type { ConstraintRef, Sense, Var, VarOptions } from './model.js';
export type { FamilyRange, IndexKey } from './families.js';
export { boxBound, computeObjective, computeRowActivities, hasIntegers, numCols, numRows } from './standardForm.js';
export type { StandardForm } from './standardForm.js';
export type { Solution, SolveResult, StandardFormSolution, Termination } from './result.js';
export { solutionAt, toSolveResult } from './result.js';
export type { BackendCapabilities, BackendName, SearchDetail, SolveOptions } from './backend.js';
export { backendCapabilities, backendNames, isBackendName } from './registry.js';
export { DEFAULT_MIP_REL_GAP, solve, solveStandardForm } from './solve.js';
export { isPrimalFeasible, measureViolation } from './feasibility.js';
export type { Violation } from './feasibility.js';
