/**
 * A deployment file (YAML): the pools a fleet runs — one set for every window, or per window — and
 * the routing policy, for replaying (`simulate --deployment`), pricing (`plan --deployment`) or pinning
 * (`plan --fix-pools`) an existing cluster. `llmcap schema --deployment` prints this schema.
 */
import { Type, type Static } from '@sinclair/typebox';
import { ROUTER_NAMES } from '../scenario/index.js';

const Planned = Type.Object(
  {
    meanPowerKW: Type.Optional(Type.Number({ minimum: 0, description: 'predicted mean IT power, kW' })),
    energyKWh: Type.Optional(Type.Number({ minimum: 0, description: 'predicted facility energy in the window, kWh' })),
  },
  { additionalProperties: false, description: "a plan's predicted figures, written by `deployment from-plan` (the replay compares its energy with them)" },
);

export const DeploymentPoolSchema = Type.Object(
  {
    model: Type.Optional(Type.String({ description: "model served (default: the deployment's model, else the scenario's only model)" })),
    gpu: Type.String({ description: 'GPU type, e.g. H100-80GB' }),
    tp: Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(4), Type.Literal(8)], { description: 'tensor-parallel degree of each instance' }),
    clockMHz: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: "locked SM clock, MHz (default: the GPU's maximum)" })),
    role: Type.Union([Type.Literal('mixed'), Type.Literal('prefill'), Type.Literal('decode')], { description: "mixed: both phases on each instance; prefill, decode: Splitwise's phase split" }),
    instances: Type.Integer({ minimum: 0, description: 'instances in the pool (each takes tp GPUs)' }),
    rates: Type.Optional(
      Type.Record(Type.String(), Type.Number({ minimum: 0 }), {
        description: "planned req/s per class id, e.g. {conversation/SM: 2.5}: each class is split over the pools in these proportions (default: the class's demand split in proportion to the pools' GPUs)",
      }),
    ),
    planned: Type.Optional(Planned),
  },
  { additionalProperties: false },
);

const IdleSchema = Type.Object(
  {
    gpu: Type.String({ description: 'GPU type' }),
    gpus: Type.Integer({ minimum: 0, description: 'GPUs of the fleet running no instance in this window' }),
    planned: Type.Optional(Planned),
  },
  { additionalProperties: false, description: "GPUs that run nothing (written by `deployment from-plan`: the plan's idle rows)" },
);

const WindowSchema = Type.Object(
  {
    window: Type.Integer({ minimum: 0, description: "window index, 0-based, of the scenario's horizon" }),
    pools: Type.Array(DeploymentPoolSchema),
    idle: Type.Optional(Type.Array(IdleSchema)),
  },
  { additionalProperties: false },
);

export const RoutingSchema = Type.Object(
  {
    policy: Type.Optional(
      Type.Union(ROUTER_NAMES.map((n) => Type.Literal(n)), {
        description: "routing within a pool: token-jsq (fewest pending prompt tokens), request-jsq (= jsq, fewest outstanding requests), round-robin, random, power-of-two, workload-aware (default: the scenario's simulation.router)",
      }),
    ),
    prefillTokenBudget: Type.Optional(Type.Integer({ minimum: 1, description: "most prompt tokens one prefill pass batches (default: the scenario's, 4096)" })),
    overflow: Type.Optional(Type.Boolean({ description: 'phase split: prompts overflow to a mixed pool (or a decode instance) when the prefill pool is saturated, decodes stay on the prefill instance when the decode pool is (default: the scenario\'s, false)' })),
  },
  { additionalProperties: false, description: "routing; takes precedence over the scenario's simulation settings" },
);

export const DeploymentFileSchema = Type.Object(
  {
    name: Type.String({ pattern: '^[A-Za-z0-9_.+-]+$', description: 'deployment name (letters, digits, _ . + -)' }),
    description: Type.Optional(Type.String()),
    model: Type.Optional(Type.String({ description: 'model of every pool that names none' })),
    routing: Type.Optional(RoutingSchema),
    pools: Type.Optional(Type.Array(DeploymentPoolSchema, { description: 'the pools of every window (give this or windows)' })),
    windows: Type.Optional(Type.Array(WindowSchema, { description: 'the pools per window (give this or pools); windows not listed run nothing' })),
  },
  { additionalProperties: false, $id: 'https://llmcap.dev/schema/deployment.json', title: 'llmcap deployment' },
);

export type DeploymentFile = Static<typeof DeploymentFileSchema>;
export type DeploymentPoolFile = Static<typeof DeploymentPoolSchema>;
