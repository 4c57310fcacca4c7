export type { Scenario, RequestClass, Service, Window, SloTarget, TokenStats, ReferenceConfig, Role, ObjectiveWeights, SolverBackendName, CappingLevel, CappingPolicy, RouterName, SimulationSettings } from './types.js';
export type { ScenarioFile } from './schema.js';
export { scenarioJsonSchema } from './schema.js';
export { fromScenarioFile, scenarioFromText } from './fromScenarioFile.js';
export { SCENARIO_DEFAULTS, resolveObjective } from './resolve.js';
export { binLabels, binRanges } from './resolveClasses.js';
