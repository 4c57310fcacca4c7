/**
 * The plan's pools as an arquero table, one row per (window, pool) that runs instances, with the
 * labels the charts group by and each window's end. Idle rows (unused GPUs, host power) are left
 * out: they hold no instances and no clock.
 */
import * as aq from 'arquero';
import { SHARED_POOL } from '../../formulation/index.js';
import type { Plan } from '../../plan/index.js';
import { whenLabel, windowEndIso } from './theme.js';

export interface PoolFrameRow {
  readonly window: number;
  readonly windowStart: string;
  readonly windowEnd: string;
  readonly windowMid: string;
  /** 'Mon 14:00 (window 14)'. */
  readonly when: string;
  readonly model: string;
  readonly gpu: string;
  readonly tp: number;
  readonly role: string;
  /** The class partition the pool is kept to (PlanRow.pool). */
  readonly partition: string;
  readonly clockMHz: number;
  readonly instances: number;
  readonly gpus: number;
  readonly utilization: number;
  /** 'H100-80GB · mixed': what the instances chart stacks by. */
  readonly gpuRole: string;
  /**
   * 'Llama-2-70B H100-80GB TP8 mixed', with its partition when it has one ('… prefill conversation:in0-1024'):
   * a pool apart from its clock, what the clocks chart colours by.
   */
  readonly pool: string;
}

const FRAME_COLUMNS = ['window', 'windowStart', 'windowEnd', 'windowMid', 'when', 'model', 'gpu', 'tp', 'role', 'partition', 'clockMHz', 'instances', 'gpus', 'utilization'] as const satisfies readonly (keyof PoolFrameRow)[];

export function poolFrame(plan: Pick<Plan, 'rows'>, windowHours: number): aq.ColumnTable {
  const rows = plan.rows
    .filter((r) => r.role !== 'idle' && r.instances > 0)
    .map((r) => ({
      window: r.window,
      windowStart: r.windowStart,
      windowEnd: windowEndIso(r.windowStart, windowHours),
      windowMid: windowEndIso(r.windowStart, windowHours / 2),
      when: whenLabel(r.windowStart, r.window),
      model: r.model,
      gpu: r.gpu,
      tp: r.tp,
      role: r.role,
      partition: r.pool === SHARED_POOL ? '' : r.pool,
      clockMHz: r.clockMHz,
      instances: r.instances,
      gpus: r.gpus,
      utilization: r.utilization,
    }));
  // aq.from([]) has no columns for the derive to read: a plan without pools (no demand) still gets a frame.
  const frame = rows.length > 0 ? aq.from(rows) : aq.table(Object.fromEntries(FRAME_COLUMNS.map((c) => [c, []])));
  return frame
    .derive({
      gpuRole: (d: PoolFrameRow) => `${d.gpu} · ${d.role}`,
      pool: (d: PoolFrameRow) => `${d.model} ${d.gpu} TP${d.tp} ${d.role}${d.partition === '' ? '' : ` ${d.partition}`}`,
    })
    .orderby('window', 'gpuRole', 'pool');
}
