import type { Plan } from '../plan/index.js';
import { toCsv } from './csv.js';
import { round6 } from './planColumns.js';

export function toProcurementCsv(plan: Plan): string {
  const header = ['gpu', 'server', 'gpus_per_server', 'inventory_servers', 'servers', 'new_servers', 'gpus', 'cost_basis', 'gpu_hour_usd', 'horizon_cost_usd', 'upfront_usd', 'nameplate_kw'];
  const rows = plan.procurement.map((p) => [p.gpu, p.server, p.gpusPerServer, p.inventoryServers, p.servers, p.newServers, p.gpus, p.costBasis, round6(p.gpuHourUsd), round6(p.horizonCostUsd), round6(p.upfrontUsd), round6(p.nameplateKW)]);
  if (!plan.procurement.some((p) => p.billing)) return toCsv(header, rows);
  // Stated acquisition modes (docs/billing.md): the servers by how they are paid for.
  const billingRows = plan.procurement.map((p, i) => {
    const b = p.billing;
    return [...(rows[i] ?? []), b?.modes.join('+') ?? '', b?.boughtServers ?? 0, b?.reservedServers ?? 0, b?.onDemandPeakServers ?? 0, round6(b?.onDemandServerHours ?? 0), round6(b?.onDemandCostUsd ?? 0)];
  });
  return toCsv([...header, ...BILLING_HEADER], billingRows);
}

/** procurement.csv's columns for plans with stated acquisition modes (prices.acquisition). */
export const BILLING_HEADER = ['acquisition', 'bought_servers', 'reserved_servers', 'on_demand_peak_servers', 'on_demand_server_hours', 'on_demand_usd'] as const;
