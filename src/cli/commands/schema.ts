/** `llmcap schema`: print the JSON Schema of scenario files, with --designs of `compare --designs` files, with --deployment of deployment files (for editor completion). */
import { DesignsFileSchema } from '../../compare/index.js';
import { DeploymentFileSchema } from '../../deployment/index.js';
import { scenarioJsonSchema } from '../../scenario/index.js';
import { EXIT, type ExitCode } from '../exitCodes.js';

export function runSchema(options: { readonly designs?: boolean; readonly deployment?: boolean } = {}): ExitCode {
  const schema = options.deployment ? DeploymentFileSchema : options.designs ? DesignsFileSchema : scenarioJsonSchema();
  process.stdout.write(`${JSON.stringify(schema, null, 2)}\n`);
  return EXIT.ok;
}
