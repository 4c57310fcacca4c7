/** Read a scenario YAML file from disk and resolve it; the only file access in scenario/. */
import { readFile } from 'node:fs/promises';
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
  return scenarioFromText(text, path);
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
