import { cite, deepFreeze, estimate } from './cited.js';
import { SRC } from './sources.js';
import type { Cited, GpuId, GpuSpec } from './types.js';

// H100 figures that several estimates for newer or smaller parts are scaled from.
const H100_TDP_W = 700;
const H100_MIN_POWER_LIMIT_W = 200;
const H100_IDLE_W = 71.8;
const H100_IDLE_WITH_CONTEXT_W = 121.7;
const DGX_H100_NAMEPLATE_W = 10_200;
const DGX_H100_IDLE_W = 2_800;

function scaledByTdp(h100W: number, tdpW: number, what: string): Cited<number> {
  return estimate(Math.round((h100W / H100_TDP_W) * tdpW), `H100's ${what} ${h100W}/${H100_TDP_W} W scaled to this GPU's ${tdpW} W TDP`);
}

/**
 * No per-GPU manufacturing footprint is published beyond A100 (published-figures.md §1.5). Chien et al.'s
 * 318 kg is one GPU's share of a whole 8-GPU instance; we keep half of it as the host share and scale the
 * other half by logic-die area and device memory relative to A100 (GA100 826 mm², 80 GB), equally weighted.
 */
const A100_EMBODIED_KG = 318;
function embodiedEstimate(dieMm2: number, dieNote: string, memoryGB: number): Cited<number> {
  const half = A100_EMBODIED_KG / 2;
  const value = Math.round(half + half * (0.5 * (dieMm2 / 826) + 0.5 * (memoryGB / 80)));
  return estimate(
    value,
    `A100's ${A100_EMBODIED_KG} kg (Chien et al.) = half host share (kept) + half GPU board scaled by ` +
      `die area (${dieNote} vs 826 mm²) and memory (${memoryGB} vs 80 GB)`,
  );
}

const a100: GpuSpec = {
  id: 'A100-80GB',
  aliases: ['a100-80gb', 'a100', 'a100-sxm4-80gb', 'a100-sxm-80gb', 'a100 80gb'],
  denseTflops16: cite(312, SRC.a100Sheet),
  denseTflopsFp8: cite(null, `no FP8 tensor cores on Ampere; ${SRC.a100Sheet}`),
  denseTflopsFp4: cite(null, `no FP4 tensor cores on Ampere; ${SRC.a100Sheet}`),
  memoryGB: cite(80, SRC.a100Sheet),
  memoryTBps: cite(2.039, SRC.a100Sheet),
  tdpW: cite(400, SRC.a100Sheet),
  minPowerLimitW: cite(100, SRC.polcaCap),
  idleW: cite(53.7, `${SRC.vadari}, at 210 MHz`),
  idleWithContextW: cite(80.0, `${SRC.vadari}, at 1,410 MHz`),
  clockMHz: {
    min: cite(210, SRC.smiDumps),
    max: cite(1410, SRC.smiDumps),
    step: cite(15, SRC.a100ClockSteps),
    base: cite(1275, SRC.polcaBase),
  },
  gpuLinkGBps: cite(300, `NVLink3 600 GB/s bidirectional ÷ 2; ${SRC.a100Sheet}`),
  networkGbpsPerServer: cite(200, `${SRC.splitwiseHw}: InfiniBand 200 Gbps per machine`),
  server: {
    name: 'DGX-A100',
    gpusPerServer: cite(8, SRC.swSkuA100),
    nameplateW: cite(6_500, SRC.swSkuA100),
    idleW: cite(1_500, `${SRC.swServerIdle}, DGX-A100`),
  },
  priceUsdPerGpuHour: cite(2.21, SRC.swCost),
  onDemandUsdPerGpuHour: cite(4.096, `${SRC.awsOnDemandJune2026}: p4d.24xlarge $32.77/h; p4d carries the 40 GB A100, so the 80 GB part (p4de) lists higher`),
  embodiedKgCo2ePerGpu: cite(A100_EMBODIED_KG, SRC.chien),
};

const h100: GpuSpec = {
  id: 'H100-80GB',
  aliases: ['h100-80gb', 'h100', 'h100-sxm', 'h100-sxm5-80gb', 'h100-80gb-hbm3', 'h100 80gb hbm3'],
  denseTflops16: cite(989.4, SRC.h100Sheet),
  denseTflopsFp8: cite(1978.9, SRC.h100Sheet),
  denseTflopsFp4: cite(null, `no FP4 tensor cores on Hopper; ${SRC.h100Sheet}`),
  memoryGB: cite(80, SRC.h100Sheet),
  memoryTBps: cite(3.35, SRC.h100Sheet),
  tdpW: cite(H100_TDP_W, SRC.h100Sheet),
  minPowerLimitW: cite(H100_MIN_POWER_LIMIT_W, SRC.h100PowerLimits),
  idleW: cite(H100_IDLE_W, `${SRC.vadari}, at 345 MHz`),
  idleWithContextW: cite(H100_IDLE_WITH_CONTEXT_W, `${SRC.vadari}, at 1,980 MHz`),
  clockMHz: {
    min: cite(345, SRC.smiDumps),
    max: cite(1980, SRC.smiDumps),
    step: estimate(15, 'as the A100 supported-clock list; unverified for H100 (published-figures.md §1.2)'),
  },
  gpuLinkGBps: cite(450, `NVLink4 900 GB/s bidirectional ÷ 2; ${SRC.h100Sheet}`),
  networkGbpsPerServer: cite(400, `${SRC.splitwiseHw}: InfiniBand 400 Gbps per machine`),
  server: {
    name: 'DGX-H100',
    gpusPerServer: cite(8, SRC.swSkuH100),
    nameplateW: cite(DGX_H100_NAMEPLATE_W, SRC.swSkuH100),
    idleW: cite(DGX_H100_IDLE_W, `${SRC.swServerIdle}, DGX-H100`),
  },
  priceUsdPerGpuHour: cite(4.76, SRC.swCost),
  onDemandUsdPerGpuHour: cite(12.29, `${SRC.awsOnDemandJune2026}: p5.48xlarge $98.32/h (AWS announced cuts of up to 45 % on P5 on-demand in June 2025, usage.ai, 2026-06-30: the rate actually charged may be lower)`),
  embodiedKgCo2ePerGpu: embodiedEstimate(814, 'GH100 814 mm²', 80),
};

const h200: GpuSpec = {
  id: 'H200',
  aliases: ['h200', 'h200-141gb', 'h200-sxm', 'h200-sxm-141gb'],
  denseTflops16: cite(989, `${SRC.h200Sheet}; same GH100 die as H100`),
  denseTflopsFp8: cite(1979, SRC.h200Sheet),
  denseTflopsFp4: cite(null, `no FP4 tensor cores on Hopper; ${SRC.h200Sheet}`),
  memoryGB: cite(141, SRC.h200Sheet),
  memoryTBps: cite(4.8, SRC.h200Sheet),
  tdpW: cite(700, SRC.h200Sheet),
  minPowerLimitW: estimate(H100_MIN_POWER_LIMIT_W, 'H100 value (nvidia-smi 200–700 W): same die and 700 W board'),
  idleW: estimate(H100_IDLE_W, 'H100 measurement (Vadari): same GH100 die and 700 W board; extra HBM3e stack power not measured'),
  idleWithContextW: estimate(H100_IDLE_WITH_CONTEXT_W, 'H100 measurement (Vadari): same GH100 die and 700 W board'),
  clockMHz: {
    min: cite(345, SRC.h200Clocks),
    max: cite(1980, SRC.h200Clocks),
    step: estimate(15, 'as the A100 supported-clock list; unverified for H200'),
  },
  gpuLinkGBps: cite(450, `NVLink4 900 GB/s bidirectional ÷ 2; ${SRC.h200Sheet}`),
  networkGbpsPerServer: estimate(400, "DGX-H100's 400 Gbps (Splitwise): same ConnectX-7 generation of cluster NICs"),
  server: {
    name: 'HGX-H200',
    gpusPerServer: cite(8, SRC.dgxH200Gpus),
    nameplateW: cite(DGX_H100_NAMEPLATE_W, `${SRC.dgxH200Power}; DGX figure used for HGX servers`),
    idleW: estimate(DGX_H100_IDLE_W, "DGX-H100's 2,800 W (SplitwiseSim): same chassis class and 700 W GPUs"),
  },
  priceUsdPerGpuHour: cite(5.408, `${SRC.awsCapacityBlocks}; a different provider and year than A100/H100`),
  onDemandUsdPerGpuHour: cite(13.375, `${SRC.awsOnDemandMay2026}: p5e.48xlarge ~$107/h`),
  embodiedKgCo2ePerGpu: embodiedEstimate(814, 'GH100 814 mm²', 141),
};

const b200: GpuSpec = {
  id: 'B200',
  aliases: ['b200', 'b200-180gb', 'b200-sxm', 'b200-hgx'],
  denseTflops16: cite(2250, SRC.b200Sheet),
  denseTflopsFp8: cite(4500, SRC.b200Sheet),
  denseTflopsFp4: cite(9000, SRC.b200Fp4),
  memoryGB: cite(180, `${SRC.b200Sheet}; 179 GB visible per docs.vultr.com`),
  memoryTBps: cite(8.0, SRC.b200Sheet),
  tdpW: cite(1000, SRC.b200Sheet),
  minPowerLimitW: scaledByTdp(H100_MIN_POWER_LIMIT_W, 1000, 'min power limit'),
  idleW: scaledByTdp(H100_IDLE_W, 1000, 'bare idle'),
  idleWithContextW: scaledByTdp(H100_IDLE_WITH_CONTEXT_W, 1000, 'idle with context'),
  clockMHz: {
    min: estimate(345, 'H100 minimum; no B200 supported-clock list found'),
    max: estimate(1965, 'low end of the unverified ~1,965–1,980 MHz range (published-figures.md §1.2)'),
    step: estimate(15, 'as the A100 supported-clock list; unverified for B200'),
  },
  gpuLinkGBps: cite(900, `NVLink5 1.8 TB/s bidirectional ÷ 2; ${SRC.b200Sheet}`),
  networkGbpsPerServer: estimate(400, `DGX-H100's 400 Gbps (Splitwise); ${SRC.dgxB200} lists the same ConnectX-7 400 Gb/s cluster NICs`),
  server: {
    name: 'HGX-B200',
    gpusPerServer: cite(8, SRC.dgxB200),
    nameplateW: cite(14_300, `${SRC.dgxB200}, power specifications: 14.3 kW max; DGX figure used for HGX servers`),
    idleW: estimate(
      Math.round((DGX_H100_IDLE_W / DGX_H100_NAMEPLATE_W) * 14_300),
      "DGX-H100's idle/nameplate ratio 2,800/10,200 W (SplitwiseSim) × 14,300 W",
    ),
  },
  priceUsdPerGpuHour: estimate(5.25, 'midpoint of $4.50–6.00 on-demand at specialised clouds, March 2026 (published-figures.md §1.4)'),
  onDemandUsdPerGpuHour: cite(6.0, SRC.b200OnDemand),
  embodiedKgCo2ePerGpu: embodiedEstimate(1600, '2 dies ≈1,600 mm², area unpublished', 180),
};

const l40s: GpuSpec = {
  id: 'L40S',
  aliases: ['l40s', 'l40s-48gb', 'l40s-pcie'],
  denseTflops16: cite(362, SRC.l40sSheet),
  denseTflopsFp8: cite(733, SRC.l40sSheet),
  denseTflopsFp4: cite(null, `no FP4 tensor cores on Ada; ${SRC.l40sSheet}`),
  memoryGB: cite(48, SRC.l40sSheet),
  memoryTBps: cite(0.864, SRC.l40sSheet),
  tdpW: cite(350, SRC.l40sSheet),
  minPowerLimitW: scaledByTdp(H100_MIN_POWER_LIMIT_W, 350, 'min power limit'),
  idleW: cite(35.6, `${SRC.vadari}, at 210 MHz`),
  idleWithContextW: cite(102.1, `${SRC.vadari}, at 2,520 MHz`),
  clockMHz: {
    min: cite(210, `idle SM clock, ${SRC.vadari}`),
    max: cite(2520, `boost clock, ${SRC.l40sClockPages}`),
    step: estimate(15, 'as the A100 supported-clock list; unverified for L40S'),
    base: cite(1110, SRC.l40sClockPages),
  },
  gpuLinkGBps: cite(32, `no NVLink; PCIe Gen4 x16 64 GB/s bidirectional ÷ 2; ${SRC.l40sSheet}`),
  networkGbpsPerServer: estimate(200, "A100 machines' 200 Gbps (Splitwise): one 200G NIC is typical for PCIe inference servers"),
  server: {
    name: '8xL40S',
    gpusPerServer: estimate(8, 'common 4U PCIe chassis with 8 double-width GPUs; no reference system fixes it'),
    nameplateW: estimate(4_500, '8 × 350 W GPUs + ~1.7 kW for 2 CPUs, DRAM, NICs and fans; no NVSwitch'),
    idleW: estimate(1_000, '8 × 35.6 W GPU idle + ~0.7 kW host, lighter than DGX-A100 host ~1.07 kW (1,500 − 8 × 53.7 W)'),
  },
  priceUsdPerGpuHour: cite(1.861, `AWS g6e.xlarge on-demand, Aug 2025, middle of $0.86–2.25 quotes (via published-figures.md §1.4)`),
  onDemandUsdPerGpuHour: cite(1.861, 'AWS g6e.xlarge on-demand, modal.com "NVIDIA L40S price" (Aug 2025; via published-figures.md §1.4): the same quote as the rental default, so reserving an L40S saves nothing by default'),
  embodiedKgCo2ePerGpu: embodiedEstimate(609, 'AD102 609 mm²', 48),
};

/** Keyed by the closed GpuId union, so adding an id without its entry fails to compile. */
export const GPUS: Readonly<Record<GpuId, GpuSpec>> = deepFreeze({
  'A100-80GB': a100,
  'H100-80GB': h100,
  H200: h200,
  B200: b200,
  L40S: l40s,
});
