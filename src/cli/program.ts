/** The command tree, declared in one place; each action calls a plain async function. */
import { Command, InvalidArgumentError, Option } from 'commander';
import { EXIT, type ExitCode } from './exitCodes.js';

const positiveNumber = (flag: string) => (value: string) => {
  const v = Number(value);
  if (!Number.isFinite(v) || v <= 0) throw new InvalidArgumentError(`${flag} needs a positive number, got '${value}'`);
  return v;
};

export function buildProgram(setExit: (code: ExitCode) => void): Command {
  const program = new Command('llmcap')
    .description('Capacity planning for LLM inference clusters: which GPUs to buy and how to run them, window by window, so latency SLOs hold at the lowest cost, energy and carbon within a power budget.')
    .version('0.1.0')
    .showHelpAfterError()
    // Throw instead of exiting so main() maps usage errors to exit code 2; set before the
    // subcommands are created, which copy it.
    .exitOverride()
    .addHelpText('after', '\nExample:\n  $ llmcap plan --scenario scenarios/week.yaml\n  $ llmcap validate scenarios/day.yaml\n\nExit codes: 0 ok, 1 internal error, 2 bad input, 3 infeasible, 4 solver limit reached (best plan written), 5 solver limit reached with no plan (nothing written).');

  program
    .command('plan')
    .description('plan the fleet and the pools of every window, and write plan.arrow, plan.csv, procurement.csv and summary.json')
    .requiredOption('-s, --scenario <file>', 'scenario YAML file')
    .option('-o, --out <dir>', 'output directory (default out/<scenario name>)')
    .addOption(new Option('--solver <backend>', 'MILP backend (default: the scenario\'s, else highs)').choices(['highs', 'glpk', 'jsl']))
    .option('--time-limit <seconds>', 'overall solver time limit', positiveNumber('--time-limit'))
    .option('--gap <fraction>', 'relative MIP gap at which to stop, e.g. 0.01', positiveNumber('--gap'))
    .addOption(new Option('--objective <name>', "what to minimize (default: the scenario's objective)").choices(['cost', 'energy', 'carbon']))
    .option('--no-baseline', "skip planning DynamoLLM's SinglePool baseline for comparison")
    .option('--json', 'print the summary as JSON on stdout')
    .option('-q, --quiet', 'no progress on stderr')
    .addHelpText('after', '\nExample:\n  $ llmcap plan --scenario scenarios/week.yaml --out out/week --solver highs')
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
    .description('print the JSON Schema of scenario files (point your editor at it for completion)')
    .addHelpText('after', '\nExample:\n  $ llmcap schema > scenario.schema.json')
    .action(async () => {
      const { runSchema } = await import('./commands/schema.js');
      setExit(runSchema());
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
    .option('--json', 'print JSON on stdout')
    .addHelpText('after', '\nExample:\n  $ llmcap capacity --scenario scenarios/week.yaml --gpu H100-80GB --tp 8 --role decode')
    .action(async (opts) => {
      const { runCapacity } = await import('./commands/capacity.js');
      setExit(await runCapacity(opts));
    });

  return program;
}

export { EXIT };
