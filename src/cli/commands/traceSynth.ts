/** `llmcap trace synth --scenario FILE -o trace.csv`: scenario → synthetic trace (lazy) → generic CSV, streamed and atomic. */
import { InputError } from '../../core/errors.js';
import { fromScenarioFile, type ArrivalLaw } from '../../scenario/index.js';
import { synthesizeTrace, toTraceCsv } from '../../workload/index.js';
import { EXIT, type ExitCode } from '../exitCodes.js';
import { createProgress } from '../progress.js';
import { parseNumberOption, parseWindowList } from '../trace/traceOptions.js';
import { checkOutputFile } from '../outputPaths.js';
import { TRACE_SYNTH_JSON, type JsonObjectOf } from '../jsonOutputs.js';

export interface TraceSynthOptions {
  readonly scenario: string;
  readonly out: string;
  readonly seed?: string;
  readonly windows?: string;
  readonly rateScale?: string;
  readonly arrivals?: string;
  readonly burstiness?: string;
  readonly json?: boolean;
  readonly quiet?: boolean;
}

export interface TraceSynthResult {
  readonly rows: number;
  readonly out: string;
  readonly exitCode: ExitCode;
}

export async function runTraceSynth(options: TraceSynthOptions): Promise<TraceSynthResult> {
  if (!options.out) throw new InputError({ field: '--out', message: 'no output file given', fix: 'add -o trace.csv' });
  checkOutputFile(options.out, { flag: '--out', inputs: [options.scenario] });
  const scenario = await fromScenarioFile(options.scenario);
  const windows = options.windows !== undefined ? parseWindowList(options.windows, scenario.horizon.windows.length) : undefined;
  const seed = parseNumberOption(options.seed, '--seed', (v) => Number.isInteger(v) && v >= 0, 'a whole number ≥ 0');
  const rateScale = parseNumberOption(options.rateScale, '--rate-scale', (v) => v >= 0 && Number.isFinite(v), 'a number ≥ 0');
  const burstiness = parseNumberOption(options.burstiness, '--burstiness', (v) => v > 0 && Number.isFinite(v), 'a positive number');
  if (options.arrivals !== undefined && options.arrivals !== 'poisson' && options.arrivals !== 'gamma' && options.arrivals !== 'empirical') {
    throw new InputError({ field: '--arrivals', message: `unknown arrival process '${options.arrivals}'`, fix: 'use --arrivals poisson, gamma or empirical' });
  }
  const arrivals = options.arrivals as ArrivalLaw | undefined;
  const source = synthesizeTrace(scenario, {
    ...(seed !== undefined ? { seed } : {}),
    ...(windows ? { windows } : {}),
    ...(rateScale !== undefined ? { rateScale } : {}),
    ...(arrivals ? { arrivals } : {}),
    ...(burstiness !== undefined ? { burstiness } : {}),
  });
  const used = windows ?? scenario.horizon.windows.map((w) => w.index);
  const expected = used.reduce((sum, w) => sum + scenario.demandRps.reduce((s, d) => s + (d[w] ?? 0), 0), 0) * scenario.horizon.windowHours * 3600 * (rateScale ?? 1);
  const progress = createProgress(options.quiet === true);
  let rows = 0;
  try {
    ({ rows } = await toTraceCsv(source, options.out, (n) => progress.update(`writing ${options.out}`, expected > 0 ? Math.min(1, n / expected) : 1)));
  } finally {
    progress.stop();
  }
  const facts = {
    ok: true,
    out: options.out,
    scenario: scenario.name,
    requests: rows,
    expectedRequests: expected,
    windows: used.length,
    seed: seed ?? scenario.simulation.seed,
    arrivals: arrivals ?? scenario.simulation.arrivals,
    burstiness: (arrivals ?? scenario.simulation.arrivals) === 'gamma' ? (burstiness ?? scenario.simulation.burstiness) : 1,
  } satisfies JsonObjectOf<typeof TRACE_SYNTH_JSON>;
  if (options.json) process.stdout.write(`${JSON.stringify(facts)}\n`);
  else {
    process.stdout.write(
      `Wrote ${options.out}: ${rows.toLocaleString('en-US')} requests (expected ${Math.round(expected).toLocaleString('en-US')}) in ${used.length} windows of ${scenario.name}; ` +
        `${facts.arrivals} arrivals${facts.arrivals === 'gamma' ? ` (cv ${facts.burstiness})` : ''}, seed ${facts.seed}.\n`,
    );
  }
  return { rows, out: options.out, exitCode: EXIT.ok };
}
