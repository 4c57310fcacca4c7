/** `llmcap schema`: print the JSON Schema of scenario files (for editor completion). */
import { scenarioJsonSchema } from '../../scenario/index.js';
import { EXIT, type ExitCode } from '../exitCodes.js';

export function runSchema(): ExitCode {
  process.stdout.write(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
  return EXIT.ok;
}
