/**
 * Citation strings shared by the catalog entries. "via published-figures.md §x" points at the team's
 * reference digest (shared/reference/published-figures.md), which names the primary source and how it
 * was read; quote the primary source first so a reader can go straight to it.
 */
const PF = 'published-figures.md';

export const SRC = {
  a100Sheet: `NVIDIA A100 datasheet (via ${PF} §1.1)`,
  h100Sheet: `NVIDIA H100 SXM datasheet (via ${PF} §1.1)`,
  h200Sheet: `NVIDIA H200 datasheet (via ${PF} §1.1)`,
  b200Sheet: `NVIDIA HGX B200 specs, 1,000 W configuration (via ${PF} §1.1)`,
  b200Fp4: 'NVIDIA HGX B200 specs, 1,000 W configuration: FP4 tensor 9,000 TFLOP/s dense, 18,000 with sparsity (glennklockwood.com/garden/processors/B200; docs.vultr.com HGX B200 overview: ~9.0 PFLOPS NVFP4)',
  l40sSheet: `NVIDIA L40S datasheet (via ${PF} §1.1)`,
  smiDumps: `public nvidia-smi -q dumps (via ${PF} §1.2)`,
  h100PowerLimits: `nvidia-smi min/max power limit 200/700 W (via ${PF} §1.1)`,
  h200Clocks: `nvidia-smi in awslabs/amazon-eks-ami PR #1985 (via ${PF} §1.2)`,
  l40sClockPages: `L40S spec pages itcreations.com, reach.dog (via ${PF} §1.2)`,
  a100ClockSteps: `A100 SUPPORTED_CLOCKS list, 1Panel-dev/1Panel #11910 (via ${PF} §1.2)`,
  polcaBase: `POLCA arXiv:2308.12908: T1 cap = A100 base clock 1,275 MHz (via ${PF} §1.2, §5)`,
  polcaCap: `POLCA arXiv:2308.12908: A100 power cap settable 100–400 W (via ${PF} §1.2)`,
  vadari: `Vadari, arXiv:2605.23918 (via ${PF} §1.3)`,
  splitwiseHw: `Splitwise arXiv:2311.18677, hardware comparison table (via ${PF} §1.1)`,
  swSkuA100: `SplitwiseSim configs/hardware_repo/skus/dgx-a100.yaml @8f99e7d (via ${PF} §1.1)`,
  swSkuH100: `SplitwiseSim configs/hardware_repo/skus/dgx-h100.yaml @8f99e7d (via ${PF} §1.1)`,
  swServerIdle: `SplitwiseSim power model, server idle (via ${PF} §1.3)`,
  swCost: `SplitwiseSim notebooks/utils.py, CoreWeave 2023 price (via ${PF} §1.4)`,
  dgxH200Power: 'NVIDIA DGX H100/H200 user guide, power specifications: 10.2 kW max (quoted at unanswered.io)',
  dgxH200Gpus: 'NVIDIA DGX H200 / HGX H200 8-GPU board: 8 × H200',
  dgxB200: 'NVIDIA DGX B200 user guide, hardware overview (docs.nvidia.com/dgx/dgxb200-user-guide)',
  awsCapacityBlocks: `AWS EC2 Capacity Blocks p5e, us-east, rate valid to 2025-01-01 (via ${PF} §1.4)`,
  awsOnDemandJune2026: 'AWS EC2 on-demand list price, us-east-1, per instance-hour ÷ 8 GPUs, as quoted by usage.ai "What does GPU instance cost optimization actually look like across AWS, GCP, and Azure?" (updated 2026-06-24)',
  awsOnDemandMay2026: 'AWS EC2 list on-demand (estimate), per instance-hour ÷ 8 GPUs, as quoted by awsnegotiations.com "AWS GPU Instance Cost Strategy: the 2026 procurement playbook" (published May 2026)',
  b200OnDemand: 'top of the $4.50–6.00 per GPU-hour on-demand range at specialised clouds, lyceum.technology "NVIDIA B200 GPU cloud pricing 2026" (2026-03-11; via published-figures.md §1.4)',
  chien: `Chien et al., HotCarbon 2023: 1/8 of an 8-GPU instance's manufacturing footprint (via ${PF} §1.5)`,

  llama2: 'Llama 2 paper arXiv:2307.09288 Table 1; HF config.json meta-llama/Llama-2-70b-hf',
  llama3: 'Llama 3 herd paper arXiv:2407.21783 Table 3; HF config.json',
  mixtral: 'Mixtral paper arXiv:2401.04088 Table 1; HF config.json mistralai/Mixtral-8x7B-v0.1',
  bloom: 'BLOOM paper arXiv:2211.05100 (architecture table); HF config.json bigscience/bloom',
  fp8Bytes: 'FP8 E4M3: one byte per weight, activation and KV element (MLPerf v4.1 NVIDIA Llama-2-70B: --qformat fp8 --kv_cache_dtype fp8, modern-serving-calibration.md §A.1)',
  nvfp4Bytes: 'NVFP4: a 4-bit E2M1 value per weight plus one FP8 scale per 16-value block = 0.5625 B (NVIDIA Blackwell NVFP4 format); KV stays in FP8, as NVIDIA ModelOpt FP4 checkpoints ship it (modern-serving-calibration.md §B.1)',
  fp16Serving: 'FP16/BF16 serving, as in Splitwise and DynamoLLM (published-figures.md §4.4, §8.3)',
} as const;
