/**
 * Read a plan as `simulate --plan` and `deployment from-plan` take it: plan.arrow, or plan.csv (the
 * same columns, docs/outputs.md). A CSV is known by its name or by not being Arrow and starting with
 * the plan's first column; it carries no provenance, so the scenario-structure check is skipped.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { InputError } from '../core/errors.js';
import { checkAgainstManifest, planRows, readPlanArrow, type ReadPlan } from './fromPlanArrow.js';
import { parseCsv } from './parseCsv.js';

const CSV_FIX = 'pass a plan.csv or plan.arrow written by llmcap plan (columns: docs/outputs.md)';

export function fromPlanCsv(text: string, file = 'plan.csv'): ReadPlan {
  const { header, rows } = parseCsv(text.replace(/^\uFEFF/, ''));
  if (header.length === 0) throw new InputError({ file, message: 'the file is empty', fix: CSV_FIX });
  rows.forEach((r, i) => {
    if (r.length !== header.length) throw new InputError({ file, line: i + 2, message: `row ${i + 1} has ${r.length} fields, the header ${header.length}`, fix: CSV_FIX });
  });
  return planRows({ names: header, numRows: rows.length, column: (name) => {
    const j = header.indexOf(name);
    return j < 0 ? undefined : { get: (i: number) => rows[i]?.[j] };
  } }, file, CSV_FIX);
}

function looksLikeCsv(path: string, bytes: Uint8Array): boolean {
  if (extname(path).toLowerCase() === '.csv') return true;
  const head = Buffer.from(bytes.subarray(0, 16)).toString('utf8').replace(/^\uFEFF/, '');
  return !head.startsWith('ARROW1') && /^"?window"?,/.test(head);
}

export async function readPlanFile(path: string): Promise<ReadPlan> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new InputError({ file: path, message: `cannot read the plan (${(err as NodeJS.ErrnoException).code ?? String(err)})`, fix: 'pass the plan.arrow or plan.csv written by llmcap plan, e.g. out/week/plan.arrow' });
  }
  if (!looksLikeCsv(path, bytes)) return readPlanArrow(path);
  await checkAgainstManifest(path, bytes);
  return fromPlanCsv(Buffer.from(bytes).toString('utf8'), path);
}
