/** The InputError a scenario text raises (fails the test when it parses, or raises something else). */
import { InputError } from '../../src/core/errors.js';
import { scenarioFromText } from '../../src/scenario/index.js';

export function inputErrorOf(text: string): InputError {
  try {
    scenarioFromText(text, 'bad.yaml');
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected an InputError');
}
