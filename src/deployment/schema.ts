/**
 * A deployment file (YAML): the pools a fleet runs — one set for every window, or per window — and
 * the routing policy, for replaying (`simulate --deployment`), pricing (`plan --deployment`) or pinning
 * (`plan --fix-pools`) an existing cluster. `llmcap schema --deployment` prints this schema.
 */
import { Type, type Static } from '@sinclair/typebox';
import { STACK_IDS } from '../profiles/index.js';
import { ROUTER_NAMES } from '../scenario/index.js';
import { MAX_POOL_INSTANCES } from '../sim/index.js';

/** Engine presets (docs/presets.md): vllm-2023, trtllm-2024, vllm-2025. */
const StackName = (description: string) => Type.Union(STACK_IDS.map((n) => Type.Literal(n)), { description });
/** Number formats of weights, activations and KV (fp16 = bf16; fp8 needs H100, H200, B200 or L40S; fp4 needs B200). */
const PrecisionName = (description: string) => Type.Union([Type.Literal('bf16'), Type.Literal('fp16'), Type.Literal('fp8'), Type.Literal('fp4')], { description });

const Planned = Type.Object(
  {
    meanPowerKW: Type.Optional(Type.Number({ minimum: 0, description: 'predicted mean IT power, kW' })),
    energyKWh: Type.Optional(Type.Number({ minimum: 0, description: 'predicted facility energy in the window, kWh' })),
  },
  { additionalProperties: false, description: "a plan's predicted figures, written by `deployment from-plan`: the replay compares its energy with them (without them it reports energy alone)" },
);

export const DeploymentPoolSchema = Type.Object(
  {
    model: Type.Optional(Type.String({ description: "model served (default: the deployment's model, else the scenario's only model)" })),
    gpu: Type.String({ description: 'GPU type, e.g. H100-80GB' }),
    tp: Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(4), Type.Literal(8)], { description: 'tensor-parallel degree of each instance' }),
    clockMHz: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: "locked SM clock, MHz (default: the GPU's maximum)" })),
    role: Type.Union([Type.Literal('mixed'), Type.Literal('prefill'), Type.Literal('decode')], { description: "mixed: both phases on each instance; prefill, decode: Splitwise's phase split" }),
    stack: Type.Optional(StackName("engine preset of the pool's instances: vllm-2023, trtllm-2024, vllm-2025 (default: the deployment's stack, else the scenario's first hardware.stack)")),
    precision: Type.Optional(PrecisionName("number format of the pool's instances: bf16 (= fp16), fp8, fp4 (default: the deployment's precision, else bf16)")),
    instances: Type.Integer({ minimum: 0, maximum: MAX_POOL_INSTANCES, description: 'instances in the pool (each takes tp GPUs)' }),
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
    gpus: Type.Integer({ minimum: 0, maximum: 8 * MAX_POOL_INSTANCES, description: 'GPUs of the fleet running no instance in this window' }),
    planned: Type.Optional(Planned),
  },
  { additionalProperties: false, description: "GPUs that run nothing (written by `deployment from-plan`: the plan's idle rows)" },
);

const WindowSchema = Type.Object(
  {
    window: Type.Integer({ minimum: 0, description: "window index, 0-based, of the scenario's horizon" }),
    pools: Type.Array(DeploymentPoolSchema, { description: "the window's pools" }),
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
    prefillTokenBudget: Type.Optional(Type.Integer({ minimum: 1, description: "most prompt tokens one prefill pass batches; a longer prompt runs alone (default: the scenario's, 4096)" })),
    overflow: Type.Optional(Type.Boolean({ description: 'phase split: prompts overflow to a mixed pool (or a decode instance) when the prefill pool is saturated, decodes stay on the prefill instance when the decode pool is (default: the scenario\'s, false)' })),
  },
  { additionalProperties: false, description: "routing; takes precedence over the scenario's simulation settings" },
);

export const DeploymentFileSchema = Type.Object(
  {
    name: Type.String({ pattern: '^[A-Za-z0-9_.+-]+$', description: 'deployment name (letters, digits, _ . + -); `simulate` writes to out/<scenario>/<name>/' }),
    description: Type.Optional(Type.String({ description: 'free text, for the reader' })),
    model: Type.Optional(Type.String({ description: "model of every pool that names none (default: the scenario's only model)" })),
    stack: Type.Optional(StackName("engine preset of every pool that names none (default: the scenario's first hardware.stack, vllm-2023 when it names none)")),
    precision: Type.Optional(PrecisionName('number format of every pool that names none (default: bf16; fp8 and fp4 are an accuracy trade a file opts into)')),
    routing: Type.Optional(RoutingSchema),
    pools: Type.Optional(Type.Array(DeploymentPoolSchema, { description: 'the pools of every window (give this or windows): gpu, tp, role, instances; optional model, clockMHz, stack, precision, rates, planned' })),
    windows: Type.Optional(Type.Array(WindowSchema, { description: 'the pools per window (give this or pools); windows not listed run nothing' })),
  },
  { additionalProperties: false, $id: 'https://llmcap.dev/schema/deployment.json', title: 'llmcap deployment' },
);

export type DeploymentFile = Static<typeof DeploymentFileSchema>;
export type DeploymentPoolFile = Static<typeof DeploymentPoolSchema>;
