/**
 * scenarios/week.yaml's text with its serving stack and precision replaced: the capacity-vs-replay
 * tests were measured on a given preset with week.yaml's classes and SLOs, whatever preset the shipped
 * scenario runs. Should week.yaml's hardware lines change shape, it says so rather than test another stack.
 */
import { readFileSync } from 'node:fs';

export const WEEK = new URL('../../scenarios/week.yaml', import.meta.url).pathname;

const STACK_LINES = /\n {2}stack: [^\n]+\n {2}precisions: [^\n]+/;

export function weekTextOn(stack: string, precision: string): string {
  const text = readFileSync(WEEK, 'utf8');
  if (!STACK_LINES.test(text)) throw new Error('week.yaml lost its hardware stack/precisions lines: update test/helpers/weekOnStack.ts');
  return text.replace(STACK_LINES, `\n  stack: ${stack}\n  precisions: [${precision}]`);
}
