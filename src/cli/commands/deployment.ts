/** `llmcap deployment from-plan`: plan.arrow or plan.csv → a deployment YAML (written atomically, or printed). */
import { basename, dirname, resolve } from 'node:path';
import { toDeploymentYaml } from '../../deployment/index.js';
import { readPlanFile } from '../../report/readPlanFile.js';
import { writeFilesAtomically } from '../../report/writeAtomic.js';
import { EXIT, type ExitCode } from '../exitCodes.js';
import { checkOutputFile } from '../outputPaths.js';
import { DEPLOYMENT_FROM_PLAN_JSON, type JsonObjectOf } from '../jsonOutputs.js';

export interface DeploymentFromPlanOptions {
  readonly plan: string;
  readonly out?: string;
  readonly name?: string;
  readonly json?: boolean;
}

const safeName = (s: string) => s.replace(/[^A-Za-z0-9_.+-]+/g, '-').replace(/^-+|-+$/g, '') || 'deployment';

export async function runDeploymentFromPlan(options: DeploymentFromPlanOptions): Promise<ExitCode> {
  if (options.out !== undefined) checkOutputFile(options.out, { flag: '--out', inputs: [options.plan] });
  const plan = await readPlanFile(options.plan);
  const name = safeName(options.name ?? plan.provenance?.scenario ?? basename(dirname(resolve(options.plan))));
  const text = toDeploymentYaml(plan, { name, source: options.plan });
  if (options.out === undefined) {
    if (options.json) process.stdout.write(`${JSON.stringify({ ok: true, name, yaml: text } satisfies JsonObjectOf<typeof DEPLOYMENT_FROM_PLAN_JSON>)}\n`);
    else process.stdout.write(text);
    return EXIT.ok;
  }
  await writeFilesAtomically([{ path: options.out, data: text }]);
  const pools = plan.rows.filter((r) => r.role !== 'idle').length;
  if (options.json) process.stdout.write(`${JSON.stringify({ ok: true, name, out: options.out, pools } satisfies JsonObjectOf<typeof DEPLOYMENT_FROM_PLAN_JSON>)}\n`);
  else process.stdout.write(`Wrote ${options.out}: deployment '${name}', ${pools} pool row(s) of ${options.plan}\n`);
  return EXIT.ok;
}
