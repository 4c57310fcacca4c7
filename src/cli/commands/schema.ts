/** `llmcap schema`: print the JSON Schema of scenario files, or with --designs of `compare --designs` files (for editor completion). */
import { DesignsFileSchema } from '../../compare/index.js';
import { scenarioJsonSchema } from '../../scenario/index.js';
import { EXIT, type ExitCode } from '../exitCodes.js';

export function runSchema(options: { readonly designs?: boolean } = {}): ExitCode {
  const schema = options.designs ? DesignsFileSchema : scenarioJsonSchema();
  process.stdout.write(`${JSON.stringify(schema, null, 2)}\n`);
  return EXIT.ok;
}
