/**
 * The scenario file as written (YAML), declared once as a JSON Schema with TypeBox: ajv validates
 * against it, `llmcap schema` prints it for editor completion, and `ScenarioFile` is its static type.
 * Defaults, units and catalog references are resolved later, in resolve.ts.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { ROUTER_NAMES } from './types.js';

/** Engine presets (src/profiles/presets.ts); listed here so the schema names them. */
const StackName = Type.Union([Type.Literal('vllm-2023'), Type.Literal('trtllm-2024'), Type.Literal('vllm-2025')]);

const PositiveNumber = (description: string) => Type.Number({ exclusiveMinimum: 0, description });
const NonNegativeNumber = (description: string) => Type.Number({ minimum: 0, description });

/** A value per window: one number for all, one per window, or an hour-of-day profile (× day-of-week factors). */

/** One rule of `planning.pools` (capacity/poolPartition.ts). */
export const POOL_RULE = Type.Union([Type.Literal('by-input-bin'), Type.Literal('by-service-and-input-bin'), Type.Literal('shared'), Type.Literal('per-class')]);
export const SeriesSchema = Type.Union(
  [
    NonNegativeNumber('the same value in every window'),
    Type.Array(Type.Number({ minimum: 0 }), { minItems: 1, description: 'one value per window' }),
    Type.Object(
      {
        daily: Type.Array(Type.Number({ minimum: 0 }), {
          minItems: 24,
          maxItems: 24,
          description: 'one value per hour of day (0..23), by window start time',
        }),
        weekly: Type.Optional(
          Type.Array(Type.Number({ minimum: 0 }), {
            minItems: 7,
            maxItems: 7,
            description: 'multiplier per day of week, Monday first',
          }),
        ),
      },
      { additionalProperties: false },
    ),
  ],
  { description: 'a number, a list with one number per window, or {daily: [24 values], weekly?: [7 factors]}' },
);

const TokenStatsSchema = Type.Object(
  {
    mean: PositiveNumber('mean tokens'),
    p50: Type.Optional(PositiveNumber('median tokens')),
    p90: Type.Optional(PositiveNumber('90th percentile')),
    p99: Type.Optional(PositiveNumber('99th percentile')),
  },
  { additionalProperties: false },
);

const ClassStatsSchema = Type.Object(
  {
    share: Type.Number({ minimum: 0, maximum: 1, description: 'fraction of the service requests in this class' }),
    input: TokenStatsSchema,
    output: TokenStatsSchema,
  },
  { additionalProperties: false },
);

const SloTargetSchema = Type.Object(
  {
    percentile: Type.Number({ minimum: 1, maximum: 99.99, description: 'e.g. 50, 90, 99' }),
    ms: Type.Optional(PositiveNumber('absolute target in milliseconds')),
    slowdown: Type.Optional(
      Type.Number({ minimum: 1, description: 'target as a multiple of the latency alone on the reference config' }),
    ),
    scope: Type.Optional(
      Type.Union([Type.Literal('class'), Type.Literal('service'), Type.Literal('all')], {
        description: "over which requests the percentile is judged: 'class' (default: each class on its own), 'service' (the service's requests pooled), 'all' (every request of the scenario pooled, as Splitwise and MLPerf judge); each request still against its own target",
      }),
    ),
  },
  { additionalProperties: false, description: 'give exactly one of ms or slowdown' },
);

const SloTargetsSchema = Type.Union([SloTargetSchema, Type.Array(SloTargetSchema, { minItems: 1, description: 'several percentiles, e.g. Splitwise\'s p50/p90/p99' })]);

const SloSchema = Type.Object(
  {
    ttft: Type.Optional(SloTargetsSchema),
    tpot: Type.Optional(SloTargetsSchema),
    tbt: Type.Optional(SloTargetsSchema),
    itl: Type.Optional(SloTargetsSchema),
    e2e: Type.Optional(SloTargetsSchema),
  },
  {
    additionalProperties: false,
    description:
      "ttft: time to first token; tpot: time per output token, the per-request mean (MLPerf, vLLM), also written tbt; itl: inter-token latency, every gap between two consecutive output tokens pooled (vLLM's ITL); e2e: request latency, arrival to last token; each a target or a list of targets at different percentiles. The default needs ttft and tpot (itl and e2e are optional); a per-class entry sets any of them and takes the rest from the default",
  },
);

const ReferenceConfigSchema = Type.Object(
  {
    gpu: Type.String({ description: 'GPU type of the reference config for slowdown SLOs' }),
    tp: Type.Integer({ minimum: 1, maximum: 8 }),
    clockMHz: Type.Optional(PositiveNumber('clock of the reference config; default the GPU maximum')),
  },
  { additionalProperties: false },
);

const DemandSchema = Type.Object(
  {
    meanRps: Type.Optional(NonNegativeNumber('mean request rate over the horizon, all classes together')),
    shape: Type.Optional(
      Type.Object(
        {
          daily: Type.Array(Type.Number({ minimum: 0 }), { minItems: 24, maxItems: 24 }),
          weekly: Type.Optional(Type.Array(Type.Number({ minimum: 0 }), { minItems: 7, maxItems: 7 })),
        },
        {
          additionalProperties: false,
          description: 'relative load per hour of day and day of week; rescaled so the horizon mean equals meanRps',
        },
      ),
    ),
    totalRps: Type.Optional(
      Type.Array(Type.Number({ minimum: 0 }), { description: 'explicit total rate per window (split by class shares)' }),
    ),
    classRps: Type.Optional(
      Type.Record(Type.String(), Type.Array(Type.Number({ minimum: 0 })), {
        description: 'explicit rate per window for each class, by class name',
      }),
    ),
  },
  { additionalProperties: false, description: 'give exactly one of meanRps (with optional shape), totalRps, classRps' },
);

const ServiceSchema = Type.Object(
  {
    name: Type.String({ pattern: '^[A-Za-z0-9_.-]+$', description: 'service name (letters, digits, _ . -)' }),
    model: Type.String({ description: 'model id from the catalog, e.g. Llama-2-70B' }),
    classes: Type.Object(
      {
        inputThresholds: Type.Array(PositiveNumber('bin edge in prompt tokens'), {
          minItems: 0,
          description: 'ascending edges of the input-length bins: [1024, 4096] makes S < 1024 ≤ M < 4096 ≤ L',
        }),
        outputThresholds: Type.Array(PositiveNumber('bin edge in output tokens'), {
          minItems: 0,
          description: 'ascending edges of the output-length bins; [] makes a single bin',
        }),
        stats: Type.Record(Type.String(), ClassStatsSchema, {
          description: 'per class (e.g. SM = short input, medium output): share and token statistics',
        }),
      },
      { additionalProperties: false },
    ),
    slo: Type.Object(
      {
        default: SloSchema,
        classes: Type.Optional(Type.Record(Type.String(), SloSchema)),
        reference: Type.Optional(ReferenceConfigSchema),
      },
      { additionalProperties: false },
    ),
    demand: DemandSchema,
  },
  { additionalProperties: false },
);

const PerGpuNumber = (description: string) =>
  Type.Record(Type.String(), Type.Number({ minimum: 0 }), { description: `${description}, keyed by GPU type` });

/** Acquisition modes (docs/billing.md): any subset, each listed once. */
export const ACQUISITION_MODES = ['buy', 'reserve', 'onDemand'] as const;
const AcquisitionModes = Type.Array(Type.Union(ACQUISITION_MODES.map((m) => Type.Literal(m))), {
  minItems: 1,
  uniqueItems: true,
  description: 'buy, reserve and/or onDemand',
});

export const ScenarioFileSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    name: Type.String({ pattern: '^[A-Za-z0-9_.-]+$', description: 'scenario name; outputs go to out/<name>/' }),
    description: Type.Optional(Type.String()),
    horizon: Type.Object(
      {
        start: Type.Optional(
          Type.String({ format: 'date-time', description: 'start of the first window (ISO 8601, UTC)' }),
        ),
        windows: Type.Integer({ minimum: 1, maximum: 8784, description: 'number of windows' }),
        windowMinutes: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 525_600, description: 'length of one window in minutes, at most a year (default 60)' })),
      },
      { additionalProperties: false },
    ),
    services: Type.Array(ServiceSchema, { minItems: 1 }),
    hardware: Type.Object(
      {
        gpus: Type.Array(Type.String(), { minItems: 1, description: 'candidate GPU types from the catalog' }),
        tp: Type.Optional(
          Type.Array(Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(4), Type.Literal(8)]), {
            minItems: 1,
            description: 'candidate tensor-parallel degrees (default [1, 2, 4, 8])',
          }),
        ),
        clocks: Type.Optional(
          Type.Object(
            {
              count: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, description: 'clocks per GPU, evenly spaced up to the max' })),
              minFraction: Type.Optional(
                Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'lowest clock as a fraction of the max (default 0.4)' }),
              ),
              list: Type.Optional(
                Type.Record(Type.String(), Type.Array(PositiveNumber('MHz'), { minItems: 1 }), {
                  description: 'explicit clock list in MHz per GPU type',
                }),
              ),
            },
            { additionalProperties: false },
          ),
        ),
        roles: Type.Optional(
          Type.Array(Type.Union([Type.Literal('mixed'), Type.Literal('prefill'), Type.Literal('decode')]), {
            minItems: 1,
            description: 'instance roles: mixed = both phases on one instance (continuous batching); prefill and decode = Splitwise phase split (give both)',
          }),
        ),
        roleGpus: Type.Optional(
          Type.Object(
            {
              mixed: Type.Optional(Type.Array(Type.String(), { minItems: 1 })),
              prefill: Type.Optional(Type.Array(Type.String(), { minItems: 1 })),
              decode: Type.Optional(Type.Array(Type.String(), { minItems: 1 })),
            },
            { additionalProperties: false, description: 'GPU types allowed per role, e.g. {prefill: [H100-80GB], decode: [A100-80GB]}' },
          ),
        ),
        powerCap: Type.Optional(
          Type.Object(
            {
              mixed: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1 })),
              prefill: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1 })),
              decode: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1 })),
            },
            { additionalProperties: false, description: 'power cap per role as a share of TDP, e.g. {decode: 0.7} (Splitwise-HHcap)' },
          ),
        ),
        inventory: Type.Optional(PerGpuNumber('servers already owned')),
        maxServers: Type.Optional(PerGpuNumber('most servers that can be procured')),
        stack: Type.Optional(
          Type.Union([StackName, Type.Array(StackName, { minItems: 1 })], {
            description: 'serving-engine preset(s): vllm-2023 (default; 2023 vLLM, the Splitwise tables), trtllm-2024 (TensorRT-LLM of MLPerf v4.1), vllm-2025 (vLLM V1); several = the planner chooses',
          }),
        ),
        calibration: Type.Optional(
          Type.Union([Type.String({ minLength: 1 }), Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })], {
            description: 'fitted preset file(s) written by `llmcap profiles fit` (path relative to this file): each replaces its base preset\'s parameters on its GPU type; list the base preset in stack',
          }),
        ),
        precisions: Type.Optional(
          Type.Array(Type.Union([Type.Literal('bf16'), Type.Literal('fp16'), Type.Literal('fp8'), Type.Literal('fp4')]), {
            minItems: 1,
            description: 'number formats the planner may use (default [bf16]; fp16 = bf16): listing fp8 or fp4 opts into their accuracy trade; a GPU that runs none of them (A100 for fp8) runs bf16, and the planner chooses among precisions only where several are listed',
          }),
        ),
      },
      { additionalProperties: false },
    ),
    prices: Type.Optional(
      Type.Object(
        {
          gpuHourUsd: Type.Optional(PerGpuNumber('rental price per GPU-hour (default: catalog)')),
          capex: Type.Optional(
            Type.Record(
              Type.String(),
              Type.Object(
                {
                  usdPerServer: PositiveNumber('purchase price of one server'),
                  amortizationYears: PositiveNumber('straight-line amortization period'),
                },
                { additionalProperties: false },
              ),
              { description: 'purchase price per GPU type: without prices.acquisition, buy instead of rent (replaces gpuHourUsd); with it, the price of the buy mode' },
            ),
          ),
          acquisition: Type.Optional(
            Type.Union(
              [
                AcquisitionModes,
                Type.Record(Type.String(), AcquisitionModes, { description: 'modes offered per GPU type, keyed by GPU type (every type of hardware.gpus)' }),
              ],
              {
                description:
                  "how servers may be acquired, the MILP choosing the mix (docs/billing.md): buy (prices.capex, amortized over the horizon), reserve (the whole horizon at gpuHourUsd), onDemand (per server-hour powered in a window at onDemandGpuHourUsd); one list for every GPU type or one per type. Default: buy where prices.capex is given, else reserve",
              },
            ),
          ),
          onDemandGpuHourUsd: Type.Optional(PerGpuNumber('on-demand price per GPU-hour, paid for every window a server is rented, for the types offered onDemand here or in a compare design (default: catalog)')),
          ownedGpuHourUsd: Type.Optional(PerGpuNumber('running cost per GPU-hour of the servers already owned (hardware.inventory) besides their energy, e.g. support and space (default 0)')),
          electricityUsdPerKWh: Type.Optional(SeriesSchema),
          carbonGPerKWh: Type.Optional(SeriesSchema),
          carbonUsdPerTon: Type.Optional(NonNegativeNumber('price of carbon, used by the cost objective')),
        },
        { additionalProperties: false },
      ),
    ),
    power: Type.Optional(
      Type.Object(
        {
          provisionedKW: Type.Optional(PositiveNumber('power provisioned for the fleet, kW (default unlimited)')),
          pue: Type.Optional(Type.Number({ minimum: 1, maximum: 3, description: 'facility overhead multiplier on energy' })),
          serverOverheadW: Type.Optional(PerGpuNumber('non-GPU power of one server while on (default: catalog)')),
          budgetBasis: Type.Optional(
            Type.Union([Type.Literal('predicted-peak'), Type.Literal('nameplate'), Type.Literal('gpu-tdp')], {
              description: "what must fit the provisioned power: the plan's predicted peak (default; oversubscription as in POLCA), the servers' nameplate power (no oversubscription), or their GPUs' TDP alone (no host power; how SplitwiseSim provisions Splitwise's clusters); power-capped GPUs count at their cap under the last two",
            }),
          ),
          idleServers: Type.Optional(
            Type.Union([Type.Literal('on'), Type.Literal('off')], {
              description: "servers a window does not need: 'on' (powered, idle; default) or 'off' (powered down, no draw)",
            }),
          ),
          capping: Type.Optional(
            Type.Object(
              {
                levels: Type.Optional(
                  Type.Array(
                    Type.Object(
                      {
                        atFraction: Type.Number({ exclusiveMinimum: 0, maximum: 1.5, description: 'row power as a share of provisioned power at which this level engages' }),
                        clockFraction: Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'clock cap as a share of each GPU\'s maximum clock' }),
                      },
                      { additionalProperties: false },
                    ),
                    { description: 'POLCA-style capping levels, lowest threshold first (default 0.80→0.90, 0.89→0.79)' },
                  ),
                ),
                releaseHysteresis: Type.Optional(Type.Number({ minimum: 0, maximum: 0.5, description: 'uncap when power falls this far below the threshold (default 0.05)' })),
                controlDelayS: Type.Optional(NonNegativeNumber('time from crossing a threshold to the cap taking effect, s (default 5)')),
                maxCappedShare: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'largest share of instances that may be capped (default 1)' })),
              },
              { additionalProperties: false, description: 'power capping when the row nears its provisioned power (POLCA)' },
            ),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    reconfiguration: Type.Optional(
      Type.Object(
        {
          instanceStartS: Type.Optional(NonNegativeNumber('time to start a new instance before it serves, s (default 60)')),
          reshardS: Type.Optional(NonNegativeNumber('time to change an instance\'s TP degree, s (default 0.05, DynamoLLM)')),
          clockChangeMs: Type.Optional(NonNegativeNumber('stall of one SM clock change, ms (default 65, DynamoLLM 50–80 ms)')),
          gpuStartCostUsd: Type.Optional(NonNegativeNumber('cost charged per GPU brought into service between windows, USD (default 0; boot energy is always counted)')),
          maxGpuStartsPerWindow: Type.Optional(Type.Integer({ minimum: 0, description: 'most GPUs that may be brought into service at one window boundary (default unlimited)' })),
        },
        { additionalProperties: false, description: 'costs of changing pools between windows' },
      ),
    ),
    simulation: Type.Optional(
      Type.Object(
        {
          seed: Type.Optional(Type.Integer({ minimum: 0, description: 'seed of synthetic traces and random choices (default 1)' })),
          arrivals: Type.Optional(Type.Union([Type.Literal('poisson'), Type.Literal('gamma'), Type.Literal('empirical')], { description: 'synthetic inter-arrival law (default poisson): poisson, gamma (per class, with burstiness), or empirical (per service, gaps from gapQuantiles)' })),
          burstiness: Type.Optional(PositiveNumber('coefficient of variation of gamma inter-arrivals (default 1 = Poisson-like)')),
          gapQuantiles: Type.Optional(
            Type.Array(Type.Tuple([Type.Number({ minimum: 0, maximum: 1 }), Type.Number({ minimum: 0 })]), {
              minItems: 2,
              description: "with arrivals: empirical, the quantiles of a service's inter-arrival gaps as multiples of the mean gap: [probability, gap] pairs, probabilities rising from 0 to 1, gaps not falling (`llmcap trace fit --arrivals empirical` measures them)",
            }),
          ),
          router: Type.Optional(
            Type.Union(ROUTER_NAMES.map((n) => Type.Literal(n)), {
              description: 'routing within a pool (default jsq = request-JSQ, the fewest outstanding requests; token-jsq = the fewest pending prompt tokens; docs/deployments.md)',
            }),
          ),
          predictorAccuracy: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'share of requests whose output class is predicted right (default 1; DynamoLLM reports 0.81)' })),
          governor: Type.Optional(Type.Union([Type.Literal('fixed'), Type.Literal('dynamic')], { description: 'per-instance clock: fixed at the planned clock, or dynamic (throttLL\'eM)' })),
          governorPeriodS: Type.Optional(PositiveNumber('how often the dynamic governor may change the clock, s (default 5)')),
          maxBatch: Type.Optional(Type.Integer({ minimum: 1, description: "largest decode batch per instance (default: the engine preset's: vllm-2023 256, trtllm-2024 and vllm-2025 1,024)" })),
          chunkedPrefill: Type.Optional(Type.Boolean({ description: "split prefills into chunks that share iterations with decodes (default: the engine preset's: off for vllm-2023, on for the others)" })),
          chunkTokens: Type.Optional(Type.Integer({ minimum: 16, description: "prompt tokens per step with chunked prefill (default: the engine preset's: 512, 4,096, 8,192)" })),
          prefillTokenBudget: Type.Optional(Type.Integer({ minimum: 1, description: 'most prompt tokens one prefill pass batches; a longer prompt runs alone (default 4096)' })),
          overflow: Type.Optional(Type.Boolean({ description: 'phase split: send prompts to a mixed pool when the prefill pool is saturated, decode where prefilled when the decode pool is (default false)' })),
        },
        { additionalProperties: false, description: 'replay simulator settings' },
      ),
    ),
    planning: Type.Optional(
      Type.Object(
        {
          maxUtilization: Type.Optional(
            Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'share of SLO capacity a pool may be loaded to (default 0.9)' }),
          ),
          pointMissBudget: Type.Optional(
            Type.Number({ exclusiveMinimum: 0, maximum: 1, description: "expected share of the scenario's judged (window, class) cells allowed to miss their SLO percentile as point estimates, per metric, spread over the classes by what each uses at its replayed miss share: the repair loop also corrects a class above its part whose replayed misses are significantly above the share at which its cells stay within it, e.g. 0.01 (default 1: off, significant misses only; on day.yaml 0.01 cost +22 %, docs/replay.md)" }),
          ),
          pools: Type.Optional(
            Type.Union([POOL_RULE, Type.Literal('optimize'), Type.Array(POOL_RULE, { minItems: 1, uniqueItems: true })], {
              description: "which classes may share a prefilling (mixed or prefill) pool: 'by-input-bin' (classes of one input-length bin; a prefill-role pool, of one service), 'by-service-and-input-bin' (one service's classes of one input-length bin, mixed pools too), 'shared' (any), 'per-class' (DynamoLLM's per-class pools); a list of rules: the MILP chooses among them per window and GPU type, pools of each with their own capacities (default [by-input-bin, shared]); 'optimize' = [by-input-bin, shared, per-class]",
            }),
          ),
          repairRounds: Type.Optional(
            Type.Integer({ minimum: 0, maximum: 10, description: 'rounds of replay and repair after the MILP: replay each distinct window, tighten the capacity of what missed, re-solve; the plan missing fewest cells is kept (default 3; 0 or --no-repair skips them)' }),
          ),
          fixPools: Type.Optional(
            Type.String({ minLength: 1, description: 'a deployment file (docs/deployments.md) whose pools `llmcap plan` holds in the windows it gives while optimizing the rest, as `plan --fix-pools FILE` (which takes precedence); a relative path is read from the scenario file\'s directory' }),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    objective: Type.Optional(
      Type.Union([
        Type.Union([Type.Literal('cost'), Type.Literal('energy'), Type.Literal('carbon')]),
        Type.Object(
          {
            cost: Type.Optional(NonNegativeNumber('weight per USD')),
            energy: Type.Optional(NonNegativeNumber('weight per kWh')),
            carbon: Type.Optional(NonNegativeNumber('weight per kg CO2e')),
          },
          { additionalProperties: false },
        ),
      ]),
    ),
    solver: Type.Optional(
      Type.Object(
        {
          backend: Type.Optional(Type.Union([Type.Literal('highs'), Type.Literal('glpk'), Type.Literal('jsl')])),
          timeLimitSec: Type.Optional(PositiveNumber('solver time limit in seconds')),
          mipGap: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'relative MIP gap at which to stop' })),
          windowGap: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: "relative gap of each window's operation on its own operating cost (energy, start-ups, carbon price; not the fleet), default 0.005" })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false, $id: 'https://llmcap.dev/schema/scenario.json', title: 'llmcap scenario' },
);

export type ScenarioFile = Static<typeof ScenarioFileSchema>;
export type SeriesInput = Static<typeof SeriesSchema>;
export type SloFile = Static<typeof SloSchema>;
export type SloTargetFile = Static<typeof SloTargetSchema>;

/** The JSON Schema of scenario files, for `llmcap schema`. */
export function scenarioJsonSchema(): TSchema {
  return ScenarioFileSchema;
}
