/** The command tree, declared in one place; each action calls a plain async function. */
import { Command, InvalidArgumentError, Option } from 'commander';
import { EXIT, type ExitCode } from './exitCodes.js';
import { ROUTER_NAMES } from '../scenario/types.js';

const positiveNumber = (flag: string) => (value: string) => {
  const v = Number(value);
  if (!Number.isFinite(v) || v <= 0) throw new InvalidArgumentError(`${flag} needs a positive number, got '${value}'`);
  return v;
};

/** '2h', '-30m', '90s', '1.5h' or plain seconds → signed seconds. */
const signedDuration = (flag: string) => (value: string) => {
  const m = /^\s*([+-]?\d+(?:\.\d+)?)\s*(s|m|min|h|d|w)?\s*$/i.exec(value);
  const unitS: Record<string, number> = { s: 1, m: 60, min: 60, h: 3600, d: 86_400, w: 604_800 };
  const v = m ? Number(m[1]) * (unitS[(m[2] ?? 's').toLowerCase()] ?? Number.NaN) : Number.NaN;
  if (!Number.isFinite(v)) throw new InvalidArgumentError(`${flag} needs a duration such as 2h, -30m or 90s, got '${value}'`);
  return v;
};

/** Where a trace file falls on the horizon: the same flags on every command that replays one. */
function traceTimingOptions(command: Command): Command {
  return command
    .addOption(new Option('--align <mode>', "with --trace: 'window' (default) puts the trace's first window boundary (its first whole UTC hour for 1-h windows) at the horizon's start; 'calendar' reads its timestamps on the scenario's calendar").choices(['window', 'calendar']))
    .option('--trace-offset <duration>', 'with --trace: shift the trace by this much after alignment, e.g. 2h or -30m', signedDuration('--trace-offset'));
}

/**
 * How a replay gets its trace: a file or a synthetic one, where it falls, how fast, and the seed. The
 * same flags on `simulate` and on `compare --deployment`; `note` qualifies them where they apply only
 * with another flag.
 */
function replayTraceOptions(command: Command, note: string, seedNote = note): Command {
  command
    .option('--trace <file>', `trace file to replay (Azure or generic CSV)${note}`)
    .option('--synthetic', `replay a synthetic trace of the scenario's demand (the default without --trace)${note}`);
  return traceTimingOptions(command)
    .option('--rate-scale <f>', `replay the trace F times as fast (its times compressed F-fold from the aligned start); with --synthetic, every rate × F${note}`, positiveNumber('--rate-scale'))
    .option('--repeat <n>', `with --trace: tile the trace N times back to back (each copy one trace span, plus one mean gap, after the last)${note}`, (value: string) => {
      const v = Number(value);
      if (!Number.isInteger(v) || v < 1) throw new InvalidArgumentError(`--repeat needs a whole number ≥ 1, got '${value}'`);
      return v;
    })
    .option('--seed <n>', `seed of the synthetic trace and of the replay's random choices (default: the scenario's)${seedNote}`, (value: string) => {
      const v = Number(value);
      if (!Number.isInteger(v) || v < 0) throw new InvalidArgumentError(`--seed needs a whole number ≥ 0, got '${value}'`);
      return v;
    });
}

export function buildProgram(setExit: (code: ExitCode) => void): Command {
  const program = new Command('llmcap')
    .description('Capacity planning for LLM inference clusters: which GPUs to buy and how to run them, window by window, so latency SLOs hold at the lowest cost, energy and carbon within a power budget.')
    .version('0.1.0')
    .showHelpAfterError()
    // Throw instead of exiting so main() maps usage errors to exit code 2; set before the
    // subcommands are created, which copy it.
    .exitOverride()
    // Arguments after a subcommand stay in order for it, so `sweep merge --out` and `sweep k8s
    // --shards` reach the subcommand, not `sweep` (which has options of the same names).
    .enablePositionalOptions()
    .addHelpText('after', '\nExample:\n  $ llmcap plan --scenario scenarios/week.yaml     # writes out/week/, open out/week/report.html\n  $ llmcap validate scenarios/day.yaml\n\nEvery command takes --json (one JSON object on stdout; progress stays on stderr).\nExit codes: 0 ok, 1 internal error, 2 bad input, 3 infeasible, 4 solver limit reached (best plan written), 5 solver limit reached with no plan (nothing written), 130 interrupted (Ctrl-C; unfinished outputs removed).');

  const planCommand = program
    .command('plan')
    .description('plan the fleet and the pools of every window, and write plan.arrow, plan.csv, procurement.csv, summary.json and report.html (charts; opens offline)')
    .requiredOption('-s, --scenario <file>', 'scenario YAML file')
    .option('-o, --out <dir>', 'output directory (default out/<scenario name>)')
    .addOption(new Option('--solver <backend>', 'MILP backend (default: the scenario\'s, else highs)').choices(['highs', 'glpk', 'jsl']))
    .option('--time-limit <seconds>', 'overall solver time limit', positiveNumber('--time-limit'))
    .option('--gap <fraction>', 'relative MIP gap at which to stop, e.g. 0.01', positiveNumber('--gap'))
    .addOption(new Option('--objective <name>', "what to minimize (default: the scenario's objective)").choices(['cost', 'energy', 'carbon']))
    .option('--no-baseline', "skip planning DynamoLLM's SinglePool baseline for comparison")
    .option('--no-repair', 'skip the replay-and-repair rounds after the MILP (planning.repairRounds)')
    .option('--profiles <files...>', 'measured profile tables (contract CSV/Arrow, see `llmcap profiles import`) overriding the built-in ones')
    .option('--analytic', 'use the analytic model directly instead of the profile tables')
    .option('--json', 'print the summary as JSON on stdout')
    .option('-q, --quiet', 'no progress on stderr')
    .option('--validate', 'after planning, replay a trace against the plan (synthetic from the scenario, or --trace) and write requests.arrow, windows.csv, replay.json')
    .option('--trace <file>', 'with --validate: replay this trace file (Azure or generic CSV) instead of a synthetic one')
    .option('--deployment <file>', 'price this deployment (docs/deployments.md): its pools and fleet as given, only each class\'s split over them chosen; cost, energy, power and the SLO capacity check (default out: out/<scenario>/<deployment>)')
    .option('--fix-pools <file>', "hold the pools of this deployment file in the windows it gives, and optimize everything else (over the scenario's planning.fixPools)");
  traceTimingOptions(planCommand)
    .addHelpText('after', '\nExample:\n  $ llmcap plan --scenario scenarios/week.yaml --out out/week --solver highs\n  $ llmcap plan --scenario scenarios/azure-conv.yaml --deployment deployments/conv-4xh100-tp8-mixed.yaml')
    .action(async (opts) => {
      const { runPlan } = await import('./commands/plan.js');
      const result = await runPlan(opts);
      setExit(result.exitCode);
    });

  program
    .command('validate')
    .description('check a scenario file and summarize it; errors name the file, line, field and fix')
    .argument('<file>', 'scenario YAML file')
    .option('--json', 'print the result as JSON on stdout')
    .addHelpText('after', '\nExample:\n  $ llmcap validate scenarios/week.yaml')
    .action(async (file: string, opts: { json?: boolean }) => {
      const { runValidate } = await import('./commands/validate.js');
      setExit(await runValidate(file, opts));
    });

  program
    .command('schema')
    .description('print the JSON Schema of scenario files, of designs files with --designs, or of deployment files with --deployment (point your editor at it for completion)')
    .option('--designs', 'the schema of designs files (`llmcap compare --designs FILE`) instead of scenarios')
    .option('--deployment', 'the schema of deployment files (`llmcap simulate --deployment FILE`) instead of scenarios')
    .option('--json', 'accepted for uniformity: the output is JSON either way') // issue 9: --json on every command
    .addHelpText('after', '\nExample:\n  $ llmcap schema > scenario.schema.json\n  $ llmcap schema --designs > designs.schema.json\n  $ llmcap schema --deployment > deployment.schema.json')
    .action(async (opts) => {
      const { runSchema } = await import('./commands/schema.js');
      setExit(runSchema(opts));
    });

  program
    .command('capacity')
    .description('print the capacity table the planner uses: per (config, class) the SLO-feasible req/s of one instance, the binding constraint and the power')
    .requiredOption('-s, --scenario <file>', 'scenario YAML file')
    .option('--gpu <type>', 'only this GPU type')
    .option('--tp <n>', 'only this TP degree', positiveNumber('--tp'))
    .option('--clock <mhz>', 'only this clock', positiveNumber('--clock'))
    .addOption(new Option('--role <role>', 'only this role').choices(['mixed', 'prefill', 'decode']))
    .option('--class <id>', "only this class (e.g. 'conversation/SM' or 'SM')")
    .option('--all', 'include zero-capacity rows with their reason')
    .option('--profiles <files...>', 'measured profile tables (contract CSV/Arrow, see `llmcap profiles import`) overriding the built-in ones')
    .option('--analytic', 'use the analytic model directly instead of the profile tables')
    .option('--json', 'print JSON on stdout')
    .addHelpText('after', '\nExample:\n  $ llmcap capacity --scenario scenarios/week.yaml --gpu H100-80GB --tp 8 --role decode')
    .action(async (opts) => {
      const { runCapacity } = await import('./commands/capacity.js');
      setExit(await runCapacity(opts));
    });

  const trace = program
    .command('trace')
    .description('request traces: summarize one, fit a scenario to one, or synthesize one from a scenario')
    .addHelpText('after', '\nExamples:\n  $ llmcap trace summarize AzureLLMInferenceTrace_conv.csv --window 1m\n  $ llmcap trace fit AzureLLMInferenceTrace_conv.csv --window 1h -o conv.yaml\n  $ llmcap trace synth --scenario scenarios/day.yaml -o day-trace.csv');
  const traceReadOptions = (cmd: Command) =>
    cmd
      .addOption(new Option('--format <format>', 'trace format').choices(['auto', 'azure', 'generic']).default('auto'))
      .option('--input-thresholds <list>', 'input-token bin edges of the request classes', '1024,4096')
      .option('--output-thresholds <list>', 'output-token bin edges of the request classes', '64,256')
      .option('--skip-bad-rows', 'skip malformed or out-of-order rows and report how many, instead of stopping at the first')
      .option('--start <iso>', 'generic traces with arrival_s: the time of arrival_s = 0 (default 2024-01-01T00:00:00Z)')
      .option('--json', 'print the result as JSON on stdout')
      .option('-q, --quiet', 'no progress on stderr');
  traceReadOptions(
    trace
      .command('summarize')
      .description('requests, time span, arrival rate per window, token quantiles and class mix of a trace (Azure or generic CSV)')
      .argument('<file>', 'trace CSV')
      .option('--window <duration>', 'window of the arrival rates: 1m, 15m, 1h, 1d …', '1h')
      .option('--charts <dir>', 'also write SVG charts (rate over time, token histograms) to this directory'),
  )
    .addHelpText('after', '\nExample:\n  $ llmcap trace summarize AzureLLMInferenceTrace_conv.csv --window 1m --charts out/conv-charts')
    .action(async (file: string, opts) => {
      const { runTraceSummarize } = await import('./commands/traceSummarize.js');
      setExit((await runTraceSummarize(file, opts)).exitCode);
    });
  traceReadOptions(
    trace
      .command('fit')
      .description('write a scenario whose classes and per-window demand come from a trace (hardware, prices and SLOs get documented defaults)')
      .argument('<file>', 'trace CSV')
      .requiredOption('-o, --out <file>', 'scenario YAML to write')
      .option('--window <duration>', 'window length of the scenario: 15m, 1h …', '1h')
      .option('--service <name>', 'traces with a service column: fit only this service; otherwise: the service\'s name')
      .option('--model <id>', 'model of the service(s)', 'Llama-2-70B')
      .option('--name <name>', 'scenario name (default: the output file\'s name)')
      .option('--repeat-to <duration>', 'stretch a short trace over this horizon (e.g. 168h) with a diurnal and weekly shape')
      .option('--diurnal-b <b>', 'with --repeat-to: amplitude b of exp(b·cos(2π(h−14)/24)) (default 0.54)')
      .option('--weekend-factor <f>', 'with --repeat-to: load on Saturday and Sunday relative to weekdays (default 0.8)')
      .addOption(
        new Option('--arrivals <law>', "the replay's arrivals: empirical writes the trace's measured inter-arrival gaps (simulation.gapQuantiles); gamma a law fitted to their CV (Poisson when it is near 1), which sends most requests in simultaneous bursts when the CV comes from a few long pauses; auto is empirical when the CV is 2 or more, else gamma")
          .choices(['auto', 'empirical', 'gamma'])
          .default('auto'),
      ),
  )
    .addHelpText('after', '\nExample:\n  $ llmcap trace fit AzureLLMInferenceTrace_conv.csv --window 1h --model Llama-2-70B -o conv.yaml --repeat-to 168h\n  $ llmcap plan --scenario conv.yaml')
    .action(async (file: string, opts) => {
      const { runTraceFit } = await import('./commands/traceFit.js');
      setExit((await runTraceFit(file, opts)).exitCode);
    });
  trace
    .command('synth')
    .description('write a synthetic trace (generic CSV) with a scenario\'s per-window class rates and token statistics, e.g. for the replay simulator')
    .requiredOption('-s, --scenario <file>', 'scenario YAML file')
    .requiredOption('-o, --out <file>', 'trace CSV to write')
    .option('--seed <n>', 'random seed (default: the scenario\'s simulation.seed)')
    .option('--windows <ranges>', 'only these windows, e.g. 0-23 or 0-5,48-53 (arrivals keep their times)')
    .option('--rate-scale <f>', 'multiply every rate, e.g. 1.2')
    .addOption(new Option('--arrivals <law>', 'inter-arrival law (default: the scenario\'s; empirical needs the scenario\'s simulation.gapQuantiles)').choices(['poisson', 'gamma', 'empirical']))
    .option('--burstiness <cv>', 'gamma arrivals: coefficient of variation of inter-arrival times')
    .option('--json', 'print the result as JSON on stdout')
    .option('-q, --quiet', 'no progress on stderr')
    .addHelpText('after', '\nExample:\n  $ llmcap trace synth --scenario scenarios/week.yaml -o week-trace.csv --windows 0-23 --seed 7')
    .action(async (opts) => {
      const { runTraceSynth } = await import('./commands/traceSynth.js');
      setExit((await runTraceSynth(opts)).exitCode);
    });

  const profiles = program
    .command('profiles')
    .description('latency and power tables per (model, GPU, TP, clock, phase): list, show, plot, generate the built-in ones, import measured ones, check the calibration')
    .addHelpText('after', '\nExamples:\n  $ llmcap profiles list\n  $ llmcap profiles show --model Llama-2-70B --gpu H100-80GB --tp 8 --clock 1380 --phase decode\n  $ llmcap profiles import perf_model.csv --format splitwise -o profiles/imported/splitwise.csv\n  $ llmcap profiles check');
  const tableOptions = (cmd: Command) =>
    cmd
      .option('--profiles <files...>', 'imported tables (contract CSV or Arrow) that override the built-in ones')
      .option('--dir <dir>', 'folder of built-in tables (default: the package\'s profiles/)');
  tableOptions(profiles.command('list').description('what tables exist: model, GPU, TPs, clocks, row counts, source').option('--json', 'print JSON on stdout'))
    .addHelpText('after', '\nExample:\n  $ llmcap profiles list --profiles profiles/imported/splitwise.csv')
    .action(async (opts) => {
      const { runProfilesList } = await import('./commands/profiles.js');
      setExit(await runProfilesList(opts));
    });
  tableOptions(
    profiles
      .command('show')
      .description('print the rows of one (model, GPU, TP), optionally at one clock and phase, and where they come from')
      .requiredOption('--model <id>', 'catalog model')
      .requiredOption('--gpu <type>', 'catalog GPU type')
      .requiredOption('--tp <n>', 'tensor-parallel degree', positiveNumber('--tp'))
      .option('--clock <mhz>', 'only this SM clock (interpolated when it is not a table clock)', positiveNumber('--clock'))
      .addOption(new Option('--phase <phase>', 'only this phase').choices(['prefill', 'decode']))
      .option('--json', 'print JSON on stdout'),
  )
    .addHelpText('after', '\nExample:\n  $ llmcap profiles show --model Llama-2-70B --gpu H100-80GB --tp 8 --clock 1380 --phase decode')
    .action(async (opts) => {
      const { runProfilesShow } = await import('./commands/profiles.js');
      setExit(await runProfilesShow(opts));
    });
  tableOptions(
    profiles
      .command('plot')
      .description('write an SVG of step latency and instance power against SM clock for one (model, GPU, TP)')
      .requiredOption('--model <id>', 'catalog model')
      .requiredOption('--gpu <type>', 'catalog GPU type')
      .requiredOption('--tp <n>', 'tensor-parallel degree', positiveNumber('--tp'))
      .requiredOption('-o, --out <file>', 'SVG file to write')
      .option('--json', 'print what was written as JSON on stdout'),
  )
    .addHelpText('after', '\nExample:\n  $ llmcap profiles plot --model Llama-2-70B --gpu H100-80GB --tp 8 -o h100-tp8.svg')
    .action(async (opts) => {
      const { runProfilesPlot } = await import('./commands/profiles.js');
      setExit(await runProfilesPlot(opts));
    });
  profiles
    .command('generate')
    .description('regenerate the built-in tables from the analytic model (deterministic, written atomically)')
    .option('-o, --out <dir>', 'output folder (default: the package\'s profiles/)')
    .option('--json', 'print JSON on stdout')
    .addHelpText('after', '\nExample:\n  $ llmcap profiles generate --out profiles')
    .action(async (opts) => {
      const { runProfilesGenerate } = await import('./commands/profiles.js');
      setExit(await runProfilesGenerate(opts));
    });
  profiles
    .command('import')
    .description('convert measured profiles to a contract CSV: generic (the contract itself, validated), SplitwiseSim perf_model.csv, or Vidur mlp.csv [+ attention.csv, all_reduce.csv]')
    .argument('<files...>', 'file(s) to import')
    .addOption(new Option('--format <format>', 'input format').choices(['generic', 'splitwise', 'vidur']).makeOptionMandatory())
    .option('-o, --out <file>', 'CSV to write (default profiles/imported/<name>.csv)')
    .option('--model <id>', 'vidur: catalog model, when the path does not name it')
    .option('--gpu <type>', 'vidur: catalog GPU type, when the path does not name it')
    .option('--json', 'print JSON on stdout')
    .addHelpText('after', '\nExamples:\n  $ llmcap profiles import ../shared/reference/splitwise-sim/perf_model.csv --format splitwise -o profiles/imported/splitwise.csv\n  $ llmcap profiles import mlp.csv attention.csv all_reduce.csv --format vidur --model Llama-2-70B --gpu A100-80GB')
    .action(async (files: string[], opts) => {
      const { runProfilesImport } = await import('./commands/profiles.js');
      setExit(await runProfilesImport(files, opts));
    });
  profiles
    .command('check')
    .description('compare the analytic model with the published check points and with SplitwiseSim perf_model.csv; exit 1 when a point leaves its tolerance')
    .option('--perf-model <file>', 'SplitwiseSim perf_model.csv (default ../shared/reference/splitwise-sim/perf_model.csv if it exists)')
    .option('--json', 'print JSON on stdout')
    .addHelpText('after', '\nExample:\n  $ llmcap profiles check --perf-model ../shared/reference/splitwise-sim/perf_model.csv')
    .action(async (opts) => {
      const { runProfilesCheck } = await import('./commands/profiles.js');
      setExit(await runProfilesCheck(opts));
    });

  profiles
    .command('fit')
    .description("fit an engine preset's parameters (efficiencies, overheads, power terms) to your own benchmark runs: vLLM benchmark_serving --save-result / benchmark_latency --output-json JSON, SGLang bench_serving JSONL; prints the residual per measurement, writes a preset file a scenario names (hardware.calibration) and its profile table; refuses when the runs cannot pin a parameter down")
    .argument('<files...>', 'result files, or folders of them (NAME.meta.json and NAME.power.csv beside a result are read too)')
    .requiredOption('--preset <name>', 'built-in preset whose parameters are fitted: vllm-2023, trtllm-2024 or vllm-2025')
    .option('-o, --out <dir>', 'folder for <name>.preset.json and <name>.profile.csv (default calibrated)')
    .option('--name <name>', 'name of the fitted preset (default <preset>-<gpu>-fitted)')
    .option('--fix <keys...>', "parameters held at the preset's values (e.g. overheadPerLog2TpMs when every run used one TP degree)")
    .option('--model <id>', 'catalog model of runs whose files do not name it')
    .option('--gpu <type>', 'GPU type of runs whose files do not name it')
    .option('--tp <n>', 'TP degree of runs whose files do not name it (default 1)', positiveNumber('--tp'))
    .option('--clock <mhz>', "locked SM clock of runs whose files do not name it (default the GPU's maximum)", positiveNumber('--clock'))
    .option('--precision <p>', 'precision of runs whose files do not name it (default bf16)')
    .option('--json', 'print JSON on stdout')
    .addHelpText('after', '\nExamples:\n  $ llmcap profiles fit --preset vllm-2025 --model Llama-3.1-8B --gpu H100-80GB --out calibrated llmcap-runs\n  $ llmcap profiles fit --preset vllm-2025 --fix overheadPerLog2TpMs etaAttentionPrefill results/*.json')
    .action(async (files: string[], opts) => {
      const { runProfilesFit } = await import('./commands/calibrate.js');
      setExit(await runProfilesFit(files, opts));
    });
  profiles
    .command('measure-plan')
    .description('print a bash script of the benchmark runs that pin a preset down on your model and GPU: concurrencies and prompt lengths, TP degrees, locked clocks (nvidia-smi -lgc) and power logged at 100 ms (nvidia-smi --query-gpu=power.draw)')
    .requiredOption('--model <id>', 'catalog model')
    .requiredOption('--gpu <type>', 'catalog GPU type')
    .addOption(new Option('--engine <engine>', 'serving engine the script runs').choices(['vllm', 'sglang']).default('vllm'))
    .option('--precision <p>', 'bf16 (default), fp8 or fp4')
    .option('--repeats <n>', 'run each configuration at least this many times (default: as often as the fit needs at 5 % run-to-run noise, at most 4; docs/calibrate.md)', positiveNumber('--repeats'))
    .option('--json', 'print the runs, the expected standard errors and the script as JSON')
    .addHelpText('after', '\nExample:\n  $ llmcap profiles measure-plan --model Llama-3.1-8B --gpu H100-80GB --engine vllm > measure.sh')
    .action(async (opts) => {
      const { runMeasurePlan } = await import('./commands/calibrate.js');
      setExit(runMeasurePlan(opts));
    });

  // --- simulate (issue 7: replay simulator) ---
  const simulateCommand = program
    .command('simulate')
    .description('replay a trace against a plan: per-request latencies, per-window SLO attainment and energy, and a verdict (requests.arrow, windows.csv, replay.json)')
    .option('-p, --plan <file>', 'plan.arrow or plan.csv written by llmcap plan')
    .option('-d, --deployment <file>', 'a deployment YAML (pools per window and routing, docs/deployments.md) instead of a plan')
    .requiredOption('-s, --scenario <file>', 'the scenario YAML file the plan was made from (for a deployment: the demand, classes and SLOs to replay against)');
  replayTraceOptions(simulateCommand, '')
    .option('-o, --out <dir>', "output directory (default: the plan's directory; for a deployment out/<scenario>/<deployment>)")
    .addOption(new Option('--router <name>', "routing within a pool, over the deployment's and the scenario's (docs/deployments.md)").choices([...ROUTER_NAMES]))
    .addOption(new Option('--overflow <on|off>', "phase-split overflow, over the deployment's and the scenario's setting").choices(['on', 'off']))
    .option('--allow-mismatch', 'replay a plan against a scenario with other windows, window length, classes or models than it was made for (refused otherwise; other demand, prices or SLOs need no flag)')
    .addOption(new Option('--requests <mode>', 'rows of requests.arrow: all, a deterministic 1-in-N sample, or none (default: all up to 1,000,000 requests, else a sample of about that size)').choices(['all', 'sample', 'none']))
    .option('--profiles <files...>', 'measured profile tables overriding the built-in ones (give the same as to llmcap plan)')
    .option('--analytic', 'use the analytic model directly instead of the profile tables (as llmcap plan --analytic)')
    .option('--json', 'print the replay summary as JSON on stdout')
    .option('-q, --quiet', 'no progress on stderr')
    .addHelpText('after', '\nExample:\n  $ llmcap simulate --plan out/week/plan.arrow --scenario scenarios/week.yaml --synthetic --seed 7\n  $ llmcap simulate --plan out/day/plan.arrow --scenario scenarios/day.yaml --trace trace.csv --requests all\n  $ llmcap simulate --deployment deployments/conv-4xh100-tp8-mixed.yaml --scenario scenarios/azure-conv.yaml --trace AzureLLMInferenceTrace_conv.csv')
    .action(async (opts) => {
      const { runSimulate } = await import('./commands/simulate.js');
      const result = await runSimulate(opts);
      setExit(result.exitCode);
    });
  // --- end simulate ---

  const deployment = program
    .command('deployment')
    .description('deployment files: the pools of an existing fleet and its routing (docs/deployments.md)')
    .addHelpText('after', '\nExamples:\n  $ llmcap deployment from-plan out/day/plan.arrow -o day.deployment.yaml\n  $ llmcap simulate --deployment day.deployment.yaml --scenario scenarios/day.yaml');
  deployment
    .command('from-plan')
    .description("write a plan's pools per window (with its planned rates and figures) as a deployment file; replaying it replays the plan")
    .argument('<plan>', 'plan.arrow or plan.csv written by llmcap plan')
    .option('-o, --out <file>', 'deployment YAML to write (default: print it)')
    .option('--name <name>', "the deployment's name (default: the plan's scenario, else its directory)")
    .option('--json', 'print what was written as JSON on stdout')
    .addHelpText('after', '\nExample:\n  $ llmcap deployment from-plan out/day/plan.arrow -o day.deployment.yaml\n  $ llmcap simulate --deployment day.deployment.yaml --scenario scenarios/day.yaml')
    .action(async (plan: string, opts) => {
      const { runDeploymentFromPlan } = await import('./commands/deployment.js');
      setExit(await runDeploymentFromPlan({ plan, ...opts }));
    });

  const compareCommand = program
    .command('compare')
    .description('plan several designs (Splitwise, DynamoLLM, free) on one scenario and compare fleet, cost, energy, power and carbon; or replay one deployment under several routing policies (--deployment, --routers)')
    .requiredOption('-s, --scenario <file>', 'scenario YAML file')
    .option('--designs <file|names>', 'a designs YAML file, or comma-separated built-in names (default: all built-in designs)')
    .addOption(new Option('--mode <mode>', 'iso-throughput (default): meet the demand at least cost; iso-power: most throughput within the power budget; iso-cost: most throughput within a cost budget').choices(['iso-throughput', 'iso-power', 'iso-cost']))
    .addOption(new Option('--objective <name>', "what every design's plan minimizes (default: the scenario's objective); named in the JSON output").choices(['cost', 'energy', 'carbon']))
    .option('--deployment <file>', 'hold this deployment file fixed and replay it once per routing policy (--routers), same trace and seed; default out: out/<scenario>/<deployment>/compare')
    .option('--routers <names>', `with --deployment: comma-separated routing policies (default: ${ROUTER_NAMES.filter((n) => n !== 'jsq').join(',')})`)
    .addOption(new Option('--overflow <on|off>', "with --deployment: phase-split overflow for every policy, over the deployment's setting").choices(['on', 'off']));
  replayTraceOptions(compareCommand, '; with --deployment only, the same for every policy', "; with --deployment, the same for every policy; without, the seed of each design's peak replay (the SLO met and replay columns), its repair rounds replaying on the scenario's own seed as plan's do")
    .option('--no-replay', 'skip replaying each design at the peak window (the SLO attainment column)')
    .option('--no-repair', 'skip the replay-and-repair rounds of every design\'s plan (planning.repairRounds)')
    .option('--budget-usd-per-hour <usd>', 'iso-cost budget (default: the first design\'s cost per hour at the peak)', positiveNumber('--budget-usd-per-hour'))
    .option('-o, --out <dir>', 'output directory (default out/<scenario>/compare)')
    .addOption(new Option('--solver <backend>', 'MILP backend').choices(['highs', 'glpk', 'jsl']))
    .option('--time-limit <seconds>', 'solver time limit per design', positiveNumber('--time-limit'))
    .option('--gap <fraction>', 'relative MIP gap', positiveNumber('--gap'))
    .option('--profiles <files...>', 'measured profile tables (contract CSV/Arrow, see `llmcap profiles import`) overriding the built-in ones')
    .option('--analytic', 'use the analytic model directly instead of the profile tables')
    .option('--json', 'print the table as JSON on stdout')
    .option('-q, --quiet', 'no progress on stderr')
    .addHelpText('after', '\nExamples:\n  $ llmcap compare --scenario scenarios/splitwise.yaml --mode iso-power\n  $ llmcap compare --scenario scenarios/week.yaml --designs Baseline-H100,Splitwise-HA,llmcap-free\n  $ llmcap compare --scenario scenarios/azure-conv.yaml --deployment deployments/conv-4xh100-tp8-mixed.yaml --routers token-jsq,request-jsq,round-robin,random')
    .action(async (opts) => {
      const { runCompare } = await import('./commands/compare.js');
      setExit((await runCompare(opts)).exitCode);
    });

  // --- reproduce (issue 21): the papers' figures, computed from scenarios/papers/ ---
  program
    .command('reproduce')
    .description("run the papers' reproduction scenarios (scenarios/papers/), compare each figure with the paper's (within ±25 % or not) and write the table into docs/reproductions.md")
    .option('--fast', 'leave out the slow runs (their rows keep the values the page has)')
    .option('--only <runs>', 'comma-separated reproduction run ids')
    .option('--docs <file>', 'the docs page whose <!-- generated: reproductions --> block gets the table (default docs/reproductions.md)')
    .option('--no-docs', 'print the table only')
    .option('--no-repair', "skip the replay-and-repair rounds of every design's plan")
    .option('--json', 'print the figures as JSON on stdout')
    .option('-q, --quiet', 'no progress on stderr')
    .addHelpText('after', '\nExamples:\n  $ llmcap reproduce\n  $ llmcap reproduce --fast --no-docs')
    .action(async (opts) => {
      const { runReproduce } = await import('./commands/reproduce.js');
      setExit((await runReproduce(opts)).exitCode);
    });

  // --- sweep (issue 27): what-if sweeps in the worker pool, sharded, resumable ---
  const wholeNumber = (flag: string) => (value: string) => {
    const v = Number(value);
    if (!Number.isInteger(v) || v < 1) throw new InvalidArgumentError(`${flag} needs a whole number ≥ 1, got '${value}'`);
    return v;
  };
  // --scenario and --grid are checked by the commands, not by commander: commander would require a
  // parent's mandatory options of `sweep merge` too.
  const sweepSolveOptions = (cmd: Command) =>
    cmd
      .option('-s, --scenario <file>', 'base scenario YAML file (required)')
      .option('-g, --grid <file>', 'grid YAML file: scenario paths and their values, docs/sweep.md (required)')
      .option('--validate', 'also replay each variant\'s plan on a synthetic trace of its scenario (verdict column)')
      .option('--baseline', "also plan DynamoLLM's SinglePool baseline for every variant (doubles the work)")
      .addOption(new Option('--solver <backend>', 'MILP backend (default: the scenario\'s, else highs)').choices(['highs', 'glpk', 'jsl']))
      .option('--time-limit <seconds>', 'solver time limit per variant', positiveNumber('--time-limit'))
      .option('--gap <fraction>', 'relative MIP gap at which to stop, e.g. 0.01', positiveNumber('--gap'))
      .option('--analytic', 'use the analytic model directly instead of the profile tables')
      .option('--json', 'print a JSON summary on stdout at the end');
  const sweep = sweepSolveOptions(
    program
      .command('sweep')
      .description('plan every variant of a grid of scenario edits on every core (one worker pool), resumable and shardable; writes variants/<id>/ (each a plan directory), sweep.arrow, sweep.csv, sweep.parquet, timings.csv and report.html')
      .option('-o, --out <dir>', 'output directory (default out/<scenario name>-sweep); a rerun skips finished variants')
      .option('-w, --workers <n>', 'worker threads (default: every core)', wholeNumber('--workers'))
      .option('--shard <i/n>', 'run only shard i of n (variants k with k mod n = i); merge with `llmcap sweep merge`')
      .option('--shards <n>', 'the number of shards, the index coming from JOB_COMPLETION_INDEX (a Kubernetes Indexed Job)', wholeNumber('--shards'))
      .option('--profiles <files...>', 'measured profile tables (contract CSV/Arrow) overriding the built-in ones')
      .option('--no-parquet', 'do not write sweep.parquet')
      .option('-q, --quiet', 'no progress on stderr'),
  )
    // Options after `merge` or `k8s` belong to them, not to `sweep` (both have --out, k8s has --shards).
    .enablePositionalOptions()
    .addHelpText('after', '\nExamples:\n  $ llmcap sweep --scenario scenarios/day.yaml --grid grid.yaml --out out/day-sweep\n  $ llmcap sweep --scenario scenarios/day.yaml --grid grid.yaml --out out/s0 --shard 0/3\n  $ llmcap sweep merge out/s0 out/s1 out/s2 --out out/day-sweep\n  $ llmcap sweep k8s --scenario scenarios/day.yaml --grid grid.yaml --shards 4 --image registry.example.com/llmcap:0.1.0 --pvc llmcap-sweeps')
    .action(async (opts) => {
      const { runSweepCommand } = await import('./commands/sweep.js');
      setExit((await runSweepCommand(opts)).exitCode);
    });
  sweep
    .command('merge')
    .description('merge the directories of sweep shards (or one shared directory) into sweep.arrow, sweep.csv, sweep.parquet, timings.csv and report.html — the bytes a single run writes')
    .argument('<dirs...>', 'the shards\' --out directories')
    .option('-o, --out <dir>', 'where to write the tables (default: the first directory)')
    .option('--no-parquet', 'do not write sweep.parquet')
    .option('--json', 'print a JSON summary on stdout')
    .addHelpText('after', '\nExample:\n  $ llmcap sweep merge out/s0 out/s1 out/s2 --out out/day-sweep')
    .action(async (dirs: string[], opts) => {
      const { runSweepMerge } = await import('./commands/sweep.js');
      setExit(await runSweepMerge(dirs, opts));
    });
  sweepSolveOptions(
    sweep
      .command('k8s')
      .description('write a Kubernetes Indexed Job (one pod per shard, outputs on a shared volume), a pod to fetch the results, and the Dockerfile of the image; every variant is validated first')
      .requiredOption('--shards <n>', 'number of shards = the Job\'s completions', wholeNumber('--shards'))
      .requiredOption('--image <ref>', 'image with llmcap (build it from the written Dockerfile)')
      .requiredOption('--pvc <claim>', 'PersistentVolumeClaim the shards write to (ReadWriteMany)')
      .option('--parallelism <n>', 'pods running at once (default: every shard)', wholeNumber('--parallelism'))
      .option('-w, --workers <n>', 'worker threads per pod, also its CPU request (default 2)', wholeNumber('--workers'))
      .option('--memory <size>', 'memory request and limit per pod (default 4Gi)')
      .option('--mount <path>', 'where the volume is mounted in the pods (default /data)')
      .option('--out-path <path>', 'the sweep directory on the volume (default <mount>/<job name>)')
      .option('--name <name>', 'Job name (default llmcap-sweep-<scenario name>)')
      .option('--namespace <ns>', 'namespace of the objects (default: kubectl\'s)')
      .option('-o, --out <dir>', 'where to write job.yaml, fetch-pod.yaml and Dockerfile (default out/<job name>-k8s)'),
  )
    .addHelpText('after', '\nExample:\n  $ llmcap sweep k8s --scenario scenarios/day.yaml --grid grid.yaml --shards 4 --image registry.example.com/llmcap:0.1.0 --pvc llmcap-sweeps')
    .action(async (opts) => {
      const { runSweepK8s } = await import('./commands/sweep.js');
      setExit(await runSweepK8s(opts));
    });
  // --- end sweep ---

  return program;
}

export { EXIT };
