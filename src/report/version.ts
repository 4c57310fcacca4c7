/** The llmcap version every output records (summary.json, replay.json, plan provenance, report.html). */
export const LLMCAP_VERSION = '0.1.0';
