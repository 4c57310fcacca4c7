/**
 * KV-cache transfer from a prefill instance to a decode instance (Splitwise, arXiv:2311.18677 §4.3;
 * published-figures.md §4.3). Layer-wise asynchronous push overlaps the transfer with the prefill and
 * leaves a residue after it of about 8 ms at 200 Gbps and 5 ms at 400 Gbps, roughly constant in prompt
 * size: residueMs = 2 + 1200 / Gbps passes through both points. Prompts shorter than 512 tokens are
 * sent serialized after the prefill: all their KV bytes over the link. The link is the slower of the
 * two servers' NICs; transfers do not contend with each other (an approximation).
 */

export const SERIALIZED_BELOW_TOKENS = 512;

export function layerwiseResidueS(linkGbps: number): number {
  return (2 + 1200 / linkGbps) / 1000;
}

export function kvTransferS(promptTokens: number, kvBytesPerToken: number, linkGbps: number): number {
  if (promptTokens < SERIALIZED_BELOW_TOKENS) return (promptTokens * kvBytesPerToken * 8) / (linkGbps * 1e9);
  return layerwiseResidueS(linkGbps);
}
