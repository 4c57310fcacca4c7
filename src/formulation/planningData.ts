/**
 * Everything the formulation needs, resolved once from the scenario and the capacity table into plain
 * numbers: the index sets (windows, configs, classes, GPU types) and per-unit coefficients.
 */
import { getGpu, hostLoadFactor, type GpuId } from '../catalog/index.js';
import { choosesPartition, kvTransferBytes, labelsSinglePool, missBudgetGroup, LOW_LOAD_SHARE, networkBytesPerSecondPerGpu, partitionsOf, poolKey, type CapacityTable, type ClassCapacity, type Config } from '../capacity/index.js';
import type { FixedPartition, HeldChoice, ObjectiveWeights, PowerBudgetBasis, Scenario } from '../scenario/index.js';
import { pruneDominated } from './pruneDominated.js';

/** Worst-case rise of fleet power above its planned mean within one control interval (POLCA §5: 11.8 % within 40 s). */
export const PEAK_TO_MEAN_POWER = 1.12;
/** Service life over which a GPU's embodied carbon is spread (our assumption, README). */
export const EMBODIED_LIFETIME_YEARS = 5;

export interface ServedClass {
  readonly maxRps: number;
  /** Mean power added per req/s of this class, W/(req/s): the slope of the chord below. */
  readonly wattsPerRps: number;
  /**
   * Power an instance draws above idle as soon as it serves this class, W: the intercept of the chord
   * through the capacity model's power at 10 % and at 100 % of the capacity. Instance power is concave
   * in load, so a line from idle to the capacity point would understate lightly loaded pools.
   */
  readonly activeW: number;
  /**
   * Capacities at other allowed miss shares of the class's pooled SLO metrics (missMultiple × the
   * allowed share), for the miss budget; absent unless the class is judged over a pooled scope.
   */
  readonly levels?: readonly MissLevel[];
}

export interface MissLevel {
  readonly missMultiple: number;
  readonly maxRps: number;
}

/** A scope group whose pooled percentile the classes share through the miss budget: one row per window. */
export interface MissBudgetGroup {
  readonly name: string;
  readonly classes: readonly number[];
}

/** A pool the planner sizes: a config of the capacity table, or one of the pools it is split into. */
export interface ConfigData {
  /** The pool's id: the config's id, followed by `#` and the pool's key when the config is split into pools. */
  readonly id: string;
  /** Which of the config's pools this is: a class id, an input bin, or '' when the config is one pool. */
  readonly pool: string;
  /** The capacity table's config. */
  readonly config: Config;
  readonly index: number;
  /** Power of an instance in service at no load, W: idle plus the largest activeW of the classes it serves. */
  readonly idleW: number;
  /** classIndex → capacity and power slope, for the classes this config can serve. */
  readonly serves: ReadonlyMap<number, ServedClass>;
}

export interface GpuTypeData {
  readonly gpu: GpuId;
  readonly gpusPerServer: number;
  /** Non-GPU power of a powered-on server, W. */
  readonly hostW: number;
  /** Power of a GPU in a powered-on server that runs no instance, W. */
  readonly gpuIdleW: number;
  readonly gpuHourUsd: number;
  readonly embodiedKgPerGpuHour: number;
  readonly inventoryServers: number;
  readonly maxServers: number;
  /** KV-transfer bandwidth of one GPU's share of its server's network, bytes/s. */
  readonly networkBytesPerSPerGpu: number;
  /** Energy to bring one GPU into service (boot with the model loading at loaded-idle power), kWh. */
  readonly startKWhPerGpu: number;
  /** Whole-server nameplate power, W, and the share of it that is one GPU's TDP. */
  readonly serverNameplateW: number;
  readonly gpuTdpW: number;
  /**
   * Watts the rest of the server adds per watt of GPU power above bare idle (catalog hostLoadFactor):
   * pool power at the wall = GPU power above idle × (1 + this).
   */
  readonly wallPerGpuW: number;
  /** Power of a powered-on server that runs nothing (host + every GPU at bare idle), W. */
  readonly serverIdleW: number;
  /** Rental or amortized capex of one GPU for one window, USD. */
  readonly windowUsdPerGpu: number;
  /** Rental or amortized capex of one server over the whole horizon, USD. */
  readonly fleetUsdPerServer: number;
  /** Embodied carbon of one server's GPUs attributed to the horizon, kg. */
  readonly embodiedKgPerServer: number;
  /**
   * How new servers of this type are acquired, and what each costs over the horizon (docs/billing.md).
   * Committed modes (buy, reserve) add to N[g] for the whole horizon; on-demand servers are rented per
   * window. Without prices.acquisition the type has one committed mode, at fleetUsdPerServer.
   */
  readonly acquisition: Acquisition;
}

export interface Acquisition {
  /** Horizon cost of one bought server (amortized purchase price), USD; undefined when it cannot be bought. */
  readonly buyUsdPerServer: number | undefined;
  /** Horizon cost of one reserved server, USD; undefined when it cannot be reserved. */
  readonly reserveUsdPerServer: number | undefined;
  /** Cost of one server rented on demand for one window, USD; undefined when none can be. */
  readonly onDemandUsdPerServerWindow: number | undefined;
  /** Horizon running cost of one owned (inventory) server besides its energy, USD (0 unless prices.ownedGpuHourUsd). */
  readonly ownedUsdPerServer: number;
  /** True when the scenario states its modes (prices.acquisition): the plan reports the split. */
  readonly stated: boolean;
}

/** What one window's energy costs, in money and in carbon. */
export interface WindowPrices {
  readonly electricityUsdPerKWh: number;
  readonly carbonKgPerKWh: number;
}

/** The objective's weights, with the derived prices every term needs. */
export interface ObjectiveData {
  readonly weights: ObjectiveWeights;
  readonly carbonUsdPerTon: number;
  /** The carbon price per kg, part of the cost. */
  readonly carbonUsdPerKg: number;
  /** Weight of a kg of embodied carbon: its own weight plus its carbon price inside the cost. */
  readonly embodiedKgWeight: number;
}

/** What must fit the provisioned power, and how much there is. */
export interface PowerBudget {
  readonly basis: PowerBudgetBasis;
  readonly provisionedW: number;
}

export interface PlanningData {
  /** The scenario itself, for what the plan reports beside the figures (window starts, services); the formulation reads only the prepared fields below. */
  readonly scenario: Scenario;
  readonly name: string;
  /** Class ids by class index. */
  readonly classIds: readonly string[];
  /** demandRps[k][w]: request rate of class k in window w. */
  readonly demandRps: readonly Float64Array[];
  /** Energy prices by window index. */
  readonly windowPrices: readonly WindowPrices[];
  readonly objective: ObjectiveData;
  readonly pue: number;
  /** Energy at the meter of one window per W of mean IT power, kWh/W (PUE included). */
  readonly windowKWhPerW: number;
  /** Undefined when the scenario sets no power budget. */
  readonly powerBudget: PowerBudget | undefined;
  /** Servers a window does not need: left on (idle), or powered off. */
  readonly idleServers: 'on' | 'off';
  /** What every window keeps the same (hold[g]); absent, windows are independent but for the fleet. */
  readonly hold?: readonly HeldChoice[];
  /** With `hold`: windows per period it holds over, from the horizon's start; absent, the whole horizon. */
  readonly holdPeriodWindows?: number;
  readonly gpuStartCostUsd: number;
  /** Infinity when unlimited. */
  readonly maxGpuStartsPerWindow: number;
  readonly capacity: CapacityTable;
  readonly windowHours: number;
  readonly horizonHours: number;
  readonly configs: readonly ConfigData[];
  /** Configs removed because another config on the same GPU type does at least as well everywhere. */
  readonly prunedConfigs: number;
  readonly gpuTypes: readonly GpuTypeData[];
  /** Prompt KV bytes of one request of each class (moved between split pools). */
  readonly kvBytesPerRequest: readonly number[];
  readonly maxUtilization: number;
  /** Capacities a replay found the model overstates (the repair loop, src/repair); none by default. */
  readonly capacityDerate?: CapacityDerate;
  /** Pools held at a given size; none by default. */
  readonly pinned?: PinnedPools;
  /** Scope groups with a miss budget (classes with miss levels); absent when no class has any. */
  readonly missBudget?: readonly MissBudgetGroup[];
}

/**
 * Pools pinned to a size (`plan --fix-pools`, `plan --deployment`): per window, capacity config id →
 * instances. In a window with pins, Σ n over the pools of a pinned config = its instances (a config
 * split into pools by the partition keeps the split free); configs without a pin stay free, unless
 * `only` (then the pinned configs are the only ones, and a window's unpinned configs are held at 0).
 */
export interface PinnedPools {
  readonly byWindow: readonly (ReadonlyMap<string, number> | undefined)[];
  readonly only: boolean;
}

/** Instances pinned for capacity config `configId` in window w, or undefined when it is free. */
/**
 * What one server counts against a power budget that is not oversubscribed, W: its nameplate, or its
 * GPUs' TDP alone (SplitwiseSim's accounting). Power-capped GPUs lower it where they run (the budget row).
 */
export function serverBudgetW(g: Pick<GpuTypeData, 'serverNameplateW' | 'gpusPerServer' | 'gpuTdpW'>, basis: 'nameplate' | 'gpu-tdp'): number {
  return basis === 'gpu-tdp' ? g.gpusPerServer * g.gpuTdpW : g.serverNameplateW;
}

export function pinnedInstances(data: Pick<PlanningData, 'pinned'>, w: number, configId: string): number | undefined {
  const pins = data.pinned;
  if (!pins) return undefined;
  const n = pins.byWindow[w]?.get(configId);
  return n ?? (pins.only ? 0 : undefined);
}

/** Every capacity config id pinned in some window. */
export function pinnedConfigIds(pinned: PinnedPools | undefined): Set<string> {
  const ids = new Set<string>();
  for (const m of pinned?.byWindow ?? []) for (const id of m?.keys() ?? []) ids.add(id);
  return ids;
}

/**
 * Per-window corrections of the capacity model: in window w, config `configId` serves class k at
 * its modelled capacity divided by factor(w, configId, k) (≥ 1; 1 where nothing was measured).
 */
export interface CapacityDerate {
  factor(w: number, configId: string, k: number): number;
  /** A text that differs between windows whose factors differ (windows are reused by signature). */
  signature(w: number): string;
}

/** A pool's config data as window w sees it: its capacities divided by the window's derating factors. */
export function configInWindow(data: PlanningData, cd: ConfigData, w: number): ConfigData {
  const derate = data.capacityDerate;
  if (!derate) return cd;
  let changed = false;
  const serves = new Map<number, ServedClass>();
  for (const [k, s] of cd.serves) {
    const f = derate.factor(w, cd.config.id, k);
    if (f !== 1) changed = true;
    serves.set(k, f === 1 ? s : { ...s, maxRps: s.maxRps / f, ...(s.levels ? { levels: s.levels.map((l) => ({ ...l, maxRps: l.maxRps / f })) } : {}) });
  }
  return changed ? { ...cd, serves } : cd;
}

/** Slope and intercept of the instance's power between LOW_LOAD_SHARE of its capacity and its capacity. */
function powerChord(row: ClassCapacity, idleW: number): ServedClass {
  const lowRps = row.maxRps * LOW_LOAD_SHARE;
  const slope = Math.max(0, (row.powerAtCapacityW - row.powerAtLowLoadW) / (row.maxRps - lowRps));
  const activeW = Math.max(0, row.powerAtLowLoadW - idleW - slope * lowRps);
  // Never below the line from idle: the chord only adds what concavity hides.
  const fromIdle = Math.max(0, row.powerAtCapacityW - idleW) / row.maxRps;
  return activeW > 0 ? { maxRps: row.maxRps, wattsPerRps: slope, activeW } : { maxRps: row.maxRps, wattsPerRps: fromIdle, activeW: 0 };
}

export function planningData(scenario: Scenario, capacity: CapacityTable, options: { prune?: boolean; capacityDerate?: CapacityDerate; pinned?: PinnedPools } = {}): PlanningData {
  const classIndex = new Map(scenario.classes.map((c, i) => [c.id, i]));
  const servesByConfig = (rows: readonly ClassCapacity[]): Map<string, Map<number, ServedClass>> => {
    const byConfig = new Map<string, Map<number, ServedClass>>();
    for (const row of rows) {
      const power = capacity.power.get(row.configId);
      const k = classIndex.get(row.classId);
      if (!power || k === undefined) continue;
      const serves = byConfig.get(row.configId) ?? new Map<number, ServedClass>();
      const chord = powerChord(row, power.idleW);
      // A tighter level never serves more than the class's own percentile, a looser one never less.
      const levels = row.missLevels?.map((l) => ({ missMultiple: l.missMultiple, maxRps: l.missMultiple < 1 ? Math.min(l.maxRps, row.maxRps) : Math.max(l.maxRps, row.maxRps) }));
      serves.set(k, levels && levels.length > 0 ? { ...chord, levels } : chord);
      byConfig.set(row.configId, serves);
    }
    return byConfig;
  };
  const rowsByConfig = servesByConfig(capacity.rows);
  const missBudget = missBudgetGroups(scenario, capacity);
  const pinnedIds = pinnedConfigIds(options.pinned);
  const partitions = partitionsOf(scenario.planning.pools);
  // Each partition's candidates are pruned on their own capacities (dominance within one partition is
  // exact: a pool of the dominated config is replaced by the same partition's pool of the other).
  let baseCandidates = 0;
  const keptByPartition = partitions.map((partition) => {
    const changed = capacity.partitionRows?.get(partition);
    const changedServes = changed ? servesByConfig([...changed.values()].flat()) : undefined;
    const candidates: ConfigData[] = [];
    for (const config of capacity.configs) {
      const serves = changed?.has(config.id) ? changedServes?.get(config.id) : rowsByConfig.get(config.id);
      if (!serves || serves.size === 0) continue;
      candidates.push({ id: config.id, pool: '', config, index: candidates.length, idleW: capacity.power.get(config.id)?.idleW ?? 0, serves });
    }
    if (partition === partitions[0]) baseCandidates = candidates.length;
    // A pinned config is never pruned (its instances are given), and with `only` it is the only kind.
    const allowed = options.pinned?.only ? candidates.filter((c) => pinnedIds.has(c.config.id)) : candidates;
    const pruned = new Set(options.prune === false ? allowed : pruneDominated(allowed));
    return new Map(allowed.filter((c) => pruned.has(c) || pinnedIds.has(c.config.id)).map((c) => [c.config.id, c]));
  });
  const keptIds = new Set(keptByPartition.flatMap((kept) => [...kept.keys()]));
  const pools = partitions.length === 1
    ? [...(keptByPartition[0] as Map<string, ConfigData>).values()].flatMap((c) => splitIntoPools(c, scenario, partitions[0] as FixedPartition))
    : capacity.configs.flatMap((config) => distinctPools(partitions.flatMap((partition, i) => {
        const c = keptByPartition[i]?.get(config.id);
        return c ? splitIntoPools(c, scenario, partition).map((pool) => ({ pool, partition })) : [];
      })));
  const configs = pools.map((c, index) => ({ ...c, index, idleW: c.idleW + Math.max(0, ...[...c.serves.values()].map((s) => s.activeW)) }));
  const windowHours = scenario.horizon.windowHours;
  const horizonHours = windowHours * scenario.horizon.windows.length;
  const gpuTypes = scenario.hardware.gpus.map((gpu): GpuTypeData => {
    const spec = getGpu(gpu);
    const gpusPerServer = spec.server.gpusPerServer.value;
    const hostW = scenario.power.serverOverheadW[gpu] ?? 0;
    const gpuIdleW = spec.idleW.value;
    const gpuHourUsd = scenario.prices.gpuHourUsd[gpu] ?? spec.priceUsdPerGpuHour.value;
    const embodiedKgPerGpuHour = spec.embodiedKgCo2ePerGpu.value / (EMBODIED_LIFETIME_YEARS * 8760);
    return {
      gpu,
      gpusPerServer,
      hostW,
      gpuIdleW,
      gpuHourUsd,
      embodiedKgPerGpuHour,
      inventoryServers: scenario.hardware.inventoryServers[gpu] ?? 0,
      maxServers: scenario.hardware.maxServers[gpu] ?? Number.POSITIVE_INFINITY,
      networkBytesPerSPerGpu: networkBytesPerSecondPerGpu(gpu),
      startKWhPerGpu: (scenario.reconfiguration.instanceStartS * spec.idleWithContextW.value) / 3.6e6,
      serverNameplateW: spec.server.nameplateW.value,
      gpuTdpW: spec.tdpW.value,
      wallPerGpuW: 1 + hostLoadFactor(spec),
      serverIdleW: hostW + gpusPerServer * gpuIdleW,
      windowUsdPerGpu: gpuHourUsd * windowHours,
      fleetUsdPerServer: gpusPerServer * gpuHourUsd * horizonHours,
      embodiedKgPerServer: gpusPerServer * embodiedKgPerGpuHour * horizonHours,
      acquisition: acquisitionOf(scenario, gpu, gpusPerServer, gpuHourUsd, windowHours, horizonHours),
    };
  });
  const { power, prices, reconfiguration } = scenario;
  return {
    scenario,
    name: scenario.name,
    classIds: scenario.classes.map((c) => c.id),
    demandRps: scenario.demandRps,
    windowPrices: scenario.horizon.windows.map((w) => ({
      electricityUsdPerKWh: prices.electricityUsdPerKWh[w.index] ?? 0,
      carbonKgPerKWh: (prices.carbonGPerKWh[w.index] ?? 0) / 1000,
    })),
    objective: objectiveData(scenario.objective.weights, prices.carbonUsdPerTon),
    pue: power.pue,
    windowKWhPerW: (windowHours * power.pue) / 1000,
    powerBudget: Number.isFinite(power.provisionedKW) ? { basis: power.budgetBasis, provisionedW: power.provisionedKW * 1000 } : undefined,
    idleServers: power.idleServers,
    ...heldChoices(scenario),
    gpuStartCostUsd: reconfiguration.gpuStartCostUsd,
    maxGpuStartsPerWindow: reconfiguration.maxGpuStartsPerWindow,
    capacity,
    windowHours,
    horizonHours,
    configs,
    prunedConfigs: baseCandidates - keptIds.size,
    gpuTypes,
    kvBytesPerRequest: scenario.classes.map((c) => kvTransferBytes(c.model, c.input.mean)),
    maxUtilization: scenario.planning.maxUtilization,
    ...(options.capacityDerate ? { capacityDerate: options.capacityDerate } : {}),
    ...(options.pinned ? { pinned: options.pinned } : {}),
    ...(missBudget.length > 0 ? { missBudget } : {}),
  };
}

/**
 * What the windows hold, and over how many windows at a time. Holding means nothing with one window,
 * or with a period no longer than a window: such a plan is planned as any other.
 */
function heldChoices(scenario: Scenario): Pick<PlanningData, 'hold' | 'holdPeriodWindows'> {
  const { hold, holdPeriodMinutes } = scenario.planning;
  const windows = scenario.horizon.windows.length;
  if (!hold || windows < 2) return {};
  if (holdPeriodMinutes === undefined) return { hold };
  const period = Math.round(holdPeriodMinutes / (scenario.horizon.windowHours * 60));
  if (period <= 1) return {};
  return period >= windows ? { hold } : { hold, holdPeriodWindows: period };
}

/** The acquisition modes of GPU type g and their costs per server (the legacy single mode without prices.acquisition). */
function acquisitionOf(scenario: Scenario, gpu: string, gpusPerServer: number, gpuHourUsd: number, windowHours: number, horizonHours: number): Acquisition {
  const ownedUsdPerServer = (scenario.prices.ownedGpuHourUsd?.[gpu] ?? 0) * gpusPerServer * horizonHours;
  const billing = scenario.prices.billing;
  if (!billing) {
    const horizonUsd = gpusPerServer * gpuHourUsd * horizonHours;
    const bought = scenario.prices.gpuCostBasis[gpu] === 'capex';
    return { buyUsdPerServer: bought ? horizonUsd : undefined, reserveUsdPerServer: bought ? undefined : horizonUsd, onDemandUsdPerServerWindow: undefined, ownedUsdPerServer, stated: false };
  }
  const modes = billing.modes[gpu] ?? [];
  const perServer = (usdPerGpuHour: number | undefined, hours: number) => (usdPerGpuHour === undefined ? undefined : usdPerGpuHour * gpusPerServer * hours);
  return {
    buyUsdPerServer: modes.includes('buy') ? perServer(billing.buyGpuHourUsd[gpu], horizonHours) : undefined,
    reserveUsdPerServer: modes.includes('reserve') ? perServer(billing.reserveGpuHourUsd[gpu], horizonHours) : undefined,
    onDemandUsdPerServerWindow: modes.includes('onDemand') ? perServer(billing.onDemandGpuHourUsd[gpu], windowHours) : undefined,
    ownedUsdPerServer,
    stated: true,
  };
}

/** The scope groups of the classes that have miss levels on some config (missLevels.ts). */
function missBudgetGroups(scenario: Scenario, capacity: CapacityTable): MissBudgetGroup[] {
  const leveled = new Set(capacity.rows.filter((r) => (r.missLevels?.length ?? 0) > 0).map((r) => r.classId));
  const groups = new Map<string, number[]>();
  scenario.classes.forEach((c, k) => {
    const group = leveled.has(c.id) ? missBudgetGroup(c) : undefined;
    if (group !== undefined) groups.set(group, [...(groups.get(group) ?? []), k]);
  });
  return [...groups].map(([name, classes]) => ({ name, classes }));
}

export function objectiveData(weights: ObjectiveWeights, carbonUsdPerTon: number): ObjectiveData {
  return { weights, carbonUsdPerTon, carbonUsdPerKg: carbonUsdPerTon / 1000, embodiedKgWeight: weights.carbonKg + (weights.costUsd * carbonUsdPerTon) / 1000 };
}

/**
 * A config's pools under one pool partition (capacity/poolPartition.ts): one per key of
 * the classes it serves, each serving only those classes. Prefilling pools split by input bin exist
 * because a short prompt queued behind a 6K-token prefill, or a short-output decode stalled by one,
 * misses its SLO however the pool is sized, which the capacity model (one class at a time, added
 * linearly) cannot see — the replay showed it.
 */
function splitIntoPools(c: ConfigData, scenario: Scenario, partition: FixedPartition): ConfigData[] {
  const groups = new Map<string, Map<number, ServedClass>>();
  for (const [k, served] of c.serves) {
    const cls = scenario.classes[k];
    if (!cls) continue;
    const key = poolKey(partition, c.config.role, cls);
    const group = groups.get(key) ?? new Map<number, ServedClass>();
    group.set(k, served);
    groups.set(key, group);
  }
  if (groups.size <= 1 && !labelsSinglePool(scenario.planning.pools)) return [c];
  // Under a choice among rules the pool every class may share is named 'shared' (by-input-bin's decode pools are such pools).
  const named = (key: string) => (key === '' && choosesPartition(scenario.planning.pools) ? SHARED_POOL : key);
  return [...groups].map(([key, serves]) => ({ ...c, id: `${c.config.id}#${named(key)}`, pool: named(key), serves }));
}

/** The pool name, under a choice among pool rules (`planning.pools` a list or optimize), of a pool any class of the model may join. */
export const SHARED_POOL = 'shared';

/**
 * One config's pools under every listed partition, less repeats: a pool serving the same
 * classes with the same capacities as an earlier one (by-input-bin's and shared's decode pools; a bin
 * of one class and that class's own pool) would only give the MILP two names for one choice. Pools
 * that share a name but not their capacities take their partition's name after an '@'.
 */
function distinctPools(pools: readonly { pool: ConfigData; partition: FixedPartition }[]): ConfigData[] {
  const kept: ConfigData[] = [];
  for (const { pool, partition } of pools) {
    if (kept.some((k) => sameServes(k.serves, pool.serves))) continue;
    const clash = kept.some((k) => k.id === pool.id);
    kept.push(clash ? { ...pool, id: `${pool.id}@${partition}`, pool: `${pool.pool}@${partition}` } : pool);
  }
  return kept;
}

function sameServes(a: ReadonlyMap<number, ServedClass>, b: ReadonlyMap<number, ServedClass>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, s] of a) {
    const t = b.get(k);
    if (!t || t.maxRps !== s.maxRps || t.wattsPerRps !== s.wattsPerRps || t.activeW !== s.activeW || JSON.stringify(t.levels ?? null) !== JSON.stringify(s.levels ?? null)) return false;
  }
  return true;
}
