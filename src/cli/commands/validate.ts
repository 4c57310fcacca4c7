/** `llmcap validate FILE`: check a scenario and say what it contains. */
import { fromScenarioFile } from '../../scenario/index.js';
import { formatDuration } from '../trace/traceOptions.js';
import { EXIT, type ExitCode } from '../exitCodes.js';
import { VALIDATE_JSON, type JsonObjectOf } from '../jsonOutputs.js';

export async function runValidate(file: string, options: { json?: boolean }): Promise<ExitCode> {
  const s = await fromScenarioFile(file);
  const peak = s.horizon.windows.reduce((m, w) => Math.max(m, s.demandRps.reduce((sum, d) => sum + (d[w.index] ?? 0), 0)), 0);
  const facts = {
    ok: true,
    file,
    name: s.name,
    windows: s.horizon.windows.length,
    windowHours: s.horizon.windowHours,
    services: s.services.map((x) => ({ name: x.name, model: x.model, classes: x.classIds.length })),
    gpus: s.hardware.gpus,
    tp: s.hardware.tp,
    clocksMHz: s.hardware.clocksMHz,
    peakDemandRps: peak,
    provisionedKW: Number.isFinite(s.power.provisionedKW) ? s.power.provisionedKW : null,
  } satisfies JsonObjectOf<typeof VALIDATE_JSON>;
  if (options.json) process.stdout.write(`${JSON.stringify(facts)}\n`);
  else {
    process.stdout.write(
      `${file}: valid. ${facts.windows} window${facts.windows === 1 ? '' : 's'} of ${formatDuration(facts.windowHours * 3600)}; services ${facts.services.map((x) => `${x.name} (${x.model}, ${x.classes} class${x.classes === 1 ? '' : 'es'})`).join(', ')}; ` +
        `GPUs ${facts.gpus.join(', ')}; TP ${facts.tp.join('/')}; peak demand ${peak.toFixed(1)} req/s.\n`,
    );
  }
  return EXIT.ok;
}
