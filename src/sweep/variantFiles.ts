/** Files every variant directory holds besides the plan's outputs (kept apart so readers of a sweep need not load the planner). */
export const VARIANT_FILES = { scenario: 'scenario.yaml', variant: 'variant.json', result: 'result.json', timing: 'timing.json' } as const;
