/** Read a scenario YAML file from disk and resolve it, and check the files it names; the only file access in scenario/. */
import { constants } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { InputError } from '../core/errors.js';
import { fromYamlText } from './yamlSource.js';
import { validateScenarioFile } from './validateFile.js';
import { resolveScenario } from './resolve.js';
import type { Scenario } from './types.js';

export async function fromScenarioFile(path: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError({
      file: path,
      message: code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? String(err)})`,
      fix: code === 'ENOENT' ? 'check the path; the built-in scenarios are in scenarios/' : 'check the file permissions',
    });
  }
  const scenario = scenarioFromText(text, path);
  await checkNamedFiles(scenario);
  return scenario;
}

/** The files a scenario names must be readable: a missing one is reported at its field and line, before any work. */
async function checkNamedFiles(scenario: Scenario): Promise<void> {
  const ref = scenario.planning.fixPools;
  if (!ref) return;
  try {
    await access(ref.path, constants.R_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError({
      file: scenario.file,
      field: ref.field,
      ...(ref.line !== undefined ? { line: ref.line } : {}),
      message: `the deployment file '${ref.given}' ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? String(err)})`}${ref.path !== ref.given ? ` (looked for ${ref.path})` : ''}`,
      fix: "give the path of a deployment file, relative to the scenario file's directory, or drop planning.fixPools",
    });
  }
}

/** Parse, validate and resolve scenario text; `file` is used in messages. */
export function scenarioFromText(text: string, file: string): Scenario {
  if (text.includes('\u0000')) {
    throw new InputError({ file, line: 1, message: 'the file is binary, not YAML text', fix: 'pass a YAML scenario file' });
  }
  const source = fromYamlText(text, file);
  const parsed = validateScenarioFile(source);
  return resolveScenario(parsed, source);
}
