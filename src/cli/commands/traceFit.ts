/** `llmcap trace fit FILE -o scenario.yaml`: read a trace → fit a scenario (pure) → check it resolves → write atomically. */
import { basename, extname } from 'node:path';
import { InputError, InternalError } from '../../core/errors.js';
import { writeFilesAtomically } from '../../report/writeAtomic.js';
import { scenarioFromText } from '../../scenario/index.js';
import { burstyGammaNote, fitScenario, toScenarioYaml, type FitArrivals, type FittedScenario } from '../../workload/index.js';
import { EXIT, type ExitCode } from '../exitCodes.js';
import { formatDuration, parseDurationS, parseNumberOption, safeName } from '../trace/traceOptions.js';
import { readAndSummarize, type TraceReadFlags } from '../trace/traceRead.js';
import { checkOutputFile } from '../outputPaths.js';
import { TRACE_FIT_JSON, type JsonObjectOf } from '../jsonOutputs.js';

export interface TraceFitOptions extends TraceReadFlags {
  readonly out: string;
  readonly window?: string;
  readonly service?: string;
  readonly model?: string;
  readonly name?: string;
  readonly repeatTo?: string;
  readonly diurnalB?: string;
  readonly weekendFactor?: string;
  readonly arrivals?: string;
  readonly json?: boolean;
}

export interface TraceFitResult {
  readonly fit: FittedScenario;
  readonly yaml: string;
  readonly out: string;
  readonly exitCode: ExitCode;
}

/**
 * A trace without a service column names its service after the file, readably: class ids are
 * `service/class` in every table and chart, and `AzureLLMInferenceTrace_conv/SS` is noise. The last
 * word of a `prefix_word` stem is taken (conv, code), else the stem; `--service` names it explicitly.
 */
export function readableServiceName(stem: string): string {
  const words = stem.split(/[_\s]+/).filter((w) => w !== '');
  const last = words[words.length - 1];
  return safeName(words.length > 1 && last !== undefined && last.length >= 3 ? last.toLowerCase() : stem, 'service');
}

function fitArrivals(flag: string | undefined): FitArrivals {
  if (flag === undefined) return 'auto';
  if (flag === 'auto' || flag === 'empirical' || flag === 'gamma') return flag;
  throw new InputError({ field: '--arrivals', message: `unknown arrival law '${flag}'`, fix: 'use --arrivals auto, empirical or gamma' });
}

export async function runTraceFit(file: string, options: TraceFitOptions): Promise<TraceFitResult> {
  if (!options.out) throw new InputError({ field: '--out', message: 'no output file given', fix: 'add -o scenario.yaml' });
  checkOutputFile(options.out, { flag: '--out', inputs: [file] });
  const windowS = parseDurationS(options.window ?? '1h', '--window');
  const repeatToS = options.repeatTo !== undefined ? parseDurationS(options.repeatTo, '--repeat-to') : undefined;
  const diurnalB = parseNumberOption(options.diurnalB, '--diurnal-b', (v) => v >= 0 && v <= 5, 'a number from 0 to 5');
  const weekendFactor = parseNumberOption(options.weekendFactor, '--weekend-factor', (v) => v >= 0 && v <= 10, 'a number from 0 to 10');
  const { summary, stats } = await readAndSummarize(file, options, windowS);
  const fit = fitScenario(stats, {
    name: safeName(options.name ?? basename(options.out, extname(options.out)), 'fitted'),
    file,
    defaultServiceName: readableServiceName(basename(file, extname(file))),
    ...(options.model !== undefined ? { model: options.model } : {}),
    ...(options.service !== undefined ? { service: options.service } : {}),
    ...(repeatToS !== undefined ? { repeatToS } : {}),
    ...(diurnalB !== undefined ? { diurnalB } : {}),
    ...(weekendFactor !== undefined ? { weekendFactor } : {}),
    arrivals: fitArrivals(options.arrivals),
  });
  const yaml = toScenarioYaml(fit, summary);
  // A fitted scenario that does not resolve is our bug, not the user's: check before writing.
  let peakRps = 0;
  try {
    const scenario = scenarioFromText(yaml, options.out);
    for (const w of scenario.horizon.windows) peakRps = Math.max(peakRps, scenario.demandRps.reduce((s, d) => s + (d[w.index] ?? 0), 0));
  } catch (err) {
    throw new InternalError(`the fitted scenario does not validate: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  await writeFilesAtomically([{ path: options.out, data: yaml }]);
  const facts = {
    ok: true,
    out: options.out,
    name: fit.scenario.name,
    start: fit.horizon.startIso,
    windows: fit.horizon.windows,
    windowS: fit.horizon.windowS,
    repeated: fit.repeat !== undefined,
    services: fit.services.map((s) => ({ name: s.name, requests: s.requests, classes: s.classes.filter((c) => !c.empty).length })),
    peakDemandRps: peakRps,
    arrivals: fit.arrivals,
    burstiness: fit.burstiness,
    skippedRows: summary.skippedRows.count,
    // The trace's own windows, as `simulate --trace` replays them with the default alignment.
    traceWindows: summary.windows.map((w) => ({ start: w.startIso, requests: w.requests })),
  } satisfies JsonObjectOf<typeof TRACE_FIT_JSON>;
  if (options.json) process.stdout.write(`${JSON.stringify(facts)}\n`);
  else {
    process.stdout.write(
      `Wrote ${options.out}: ${facts.windows} window${facts.windows === 1 ? '' : 's'} of ${formatDuration(facts.windowS)} from ${facts.start}${facts.repeated ? ' (trace stretched with the weekly shape, see the file\'s comments)' : ''}; ` +
        `${facts.services.map((s) => `${s.name} (${s.requests.toLocaleString('en-US')} requests, ${s.classes} non-empty classes)`).join(', ')}; peak demand ${peakRps.toFixed(2)} req/s.\n` +
        `Next: llmcap validate ${options.out} && llmcap plan --scenario ${options.out}\n`,
    );
  }
  const caution = burstyGammaNote(fit);
  if (caution && !options.quiet) process.stderr.write(`Note: ${caution}.\n`);
  return { fit, yaml, out: options.out, exitCode: EXIT.ok };
}
