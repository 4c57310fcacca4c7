/**
 * A design is a set of restrictions on the planner's options, declared in YAML (compare's --designs):
 * which GPU types, roles, TP degrees and clocks it may use, GPU types per role, power caps per role,
 * and whether pools are per class.
 */
import { Type, type Static } from '@sinclair/typebox';
import { POOL_RULE } from '../scenario/schema.js';

const RoleList = Type.Array(Type.Union([Type.Literal('mixed'), Type.Literal('prefill'), Type.Literal('decode')]), { minItems: 1 });
const PerRole = <T extends ReturnType<typeof Type.Number> | ReturnType<typeof Type.Array>>(item: T, description: string) =>
  Type.Object(
    { mixed: Type.Optional(item), prefill: Type.Optional(item), decode: Type.Optional(item) },
    { additionalProperties: false, description },
  );

export const DesignSchema = Type.Object(
  {
    name: Type.String({ pattern: '^[A-Za-z0-9_.+-]+$', description: 'design name (letters, digits, _ . + -)' }),
    description: Type.Optional(Type.String()),
    gpus: Type.Optional(Type.Array(Type.String(), { minItems: 1, description: 'GPU types the design may use (default: the scenario\'s)' })),
    roles: Type.Optional(RoleList),
    tp: Type.Optional(Type.Array(Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(4), Type.Literal(8)]), { minItems: 1 })),
    clocks: Type.Optional(Type.Union([Type.Literal('max'), Type.Literal('min'), Type.Literal('scenario')], { description: "'max' locks every GPU at its maximum clock; 'min' at the lowest clock the scenario lists (a frequency cap, as POLCA's); 'scenario' (default) keeps the scenario's clock choices" })),
    roleGpus: Type.Optional(PerRole(Type.Array(Type.String(), { minItems: 1 }), 'GPU types per role, e.g. {prefill: [H100-80GB], decode: [A100-80GB]}')),
    powerCap: Type.Optional(PerRole(Type.Number({ exclusiveMinimum: 0, maximum: 1 }), 'power cap per role as a share of TDP, e.g. {decode: 0.7}')),
    pools: Type.Optional(Type.Union([POOL_RULE, Type.Literal('optimize'), Type.Array(POOL_RULE, { minItems: 1, uniqueItems: true })], { description: "which classes may share a prefilling pool, as planning.pools: one rule, a list the MILP chooses among, or optimize (default: the scenario's)" })),
    powerBudget: Type.Optional(Type.Union([Type.Literal('predicted-peak'), Type.Literal('nameplate'), Type.Literal('gpu-tdp')], { description: "what must fit the provisioned power: 'predicted-peak' (oversubscribed, POLCA), 'nameplate' (no oversubscription) or 'gpu-tdp' (the GPUs' TDP alone, as SplitwiseSim provisions)" })),
    acquisition: Type.Optional(
      Type.Array(Type.Union([Type.Literal('buy'), Type.Literal('reserve'), Type.Literal('onDemand')]), {
        minItems: 1,
        uniqueItems: true,
        description: "how the design may acquire servers (docs/billing.md), e.g. [reserve] (all reserved), [onDemand] (all on demand), [reserve, onDemand] (mixed); buy applies to the GPU types with a prices.capex price. Default: the scenario's",
      }),
    ),
    hold: Type.Optional(
      Type.Array(Type.Union([Type.Literal('instances'), Type.Literal('gpus'), Type.Literal('tp'), Type.Literal('clock')]), {
        minItems: 1,
        uniqueItems: true,
        description: "what stays the same in every window of the horizon (a static design): 'instances' (each pool's instance count) or 'gpus' (each pool's GPUs in service), plus 'tp' and/or 'clock' when those may not change either, e.g. [instances, tp, clock] (nothing reconfigured), [instances, tp] (only the clock re-chosen), [gpus, clock] (only the TP re-chosen). Default: every window re-planned",
      }),
    ),
    holdPeriodMinutes: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        description: "with hold: hold it only within periods of this many minutes from the horizon's start, and re-choose it between them (a control period: DynamoLLM's cluster manager re-sizes its pools every 30 minutes while TP and clocks follow each 5-minute window); a period no longer than a window holds nothing. Default: the whole horizon",
      }),
    ),
  },
  { additionalProperties: false },
);

export const DesignsFileSchema = Type.Object(
  { designs: Type.Array(DesignSchema, { minItems: 1 }) },
  { additionalProperties: false, $id: 'https://llmcap.dev/schema/designs.json', title: 'llmcap designs' },
);

export type DesignFile = Static<typeof DesignSchema>;
export type DesignsFile = Static<typeof DesignsFileSchema>;
