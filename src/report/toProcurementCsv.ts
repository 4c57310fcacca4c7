import type { Plan } from '../plan/index.js';
import { toCsv } from './csv.js';
import { round6 } from './planColumns.js';

export function toProcurementCsv(plan: Plan): string {
  const header = ['gpu', 'server', 'gpus_per_server', 'inventory_servers', 'servers', 'new_servers', 'gpus', 'cost_basis', 'gpu_hour_usd', 'horizon_cost_usd', 'upfront_usd', 'nameplate_kw'];
  const rows = plan.procurement.map((p) => [p.gpu, p.server, p.gpusPerServer, p.inventoryServers, p.servers, p.newServers, p.gpus, p.costBasis, round6(p.gpuHourUsd), round6(p.horizonCostUsd), round6(p.upfrontUsd), round6(p.nameplateKW)]);
  return toCsv(header, rows);
}
