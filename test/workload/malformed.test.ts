/**
 * Malformed traces: every error names the file, the line and the field, and says how to fix it;
 * with skipBadRows the rows are skipped and counted, never silently dropped.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromAzureTrace, fromGenericCsv, fromTraceFile } from '../../src/workload/index.js';
import { FIXTURES, inputErrorOf, readAll } from './traceHelpers.js';

const fixture = (name: string) => join(FIXTURES, name);

/** Open and read a whole trace; the first problem it reports. */
async function problemOf(name: string, open = (path: string) => fromTraceFile(path)) {
  const path = fixture(name);
  const err = await inputErrorOf(async () => readAll(await open(path)));
  const p = err.problems[0];
  expect(p?.file).toBe(path);
  expect(p?.fix?.length ?? 0).toBeGreaterThan(10);
  expect(err.message).toContain(`${path}:${p?.line}: ${p?.field}:`);
  expect(err.message).toContain('Fix:');
  return p ?? { line: 0, field: '', message: '', fix: '' };
}

describe('malformed traces', () => {
  it('missing columns: line 1, the header, naming the missing column', async () => {
    const p = await problemOf('missing_column.csv', (path) => fromAzureTrace(path));
    expect(p).toMatchObject({ line: 1, field: 'header' });
    expect(p.message).toContain('missing column GeneratedTokens');
    expect(p.fix).toContain('TIMESTAMP,ContextTokens,GeneratedTokens');
    const generic = await problemOf('missing_column.csv', (path) => fromGenericCsv(path));
    expect(generic.message).toMatch(/missing columns input_tokens, output_tokens/);
  });

  it('an unknown header: lists both formats', async () => {
    const p = await problemOf('unknown_header.csv');
    expect(p).toMatchObject({ line: 1, field: 'header' });
    expect(p.fix).toMatch(/Azure header .* or a generic one/);
  });

  it('non-monotonic time: the line of the row that goes back, and how much', async () => {
    const p = await problemOf('non_monotonic.csv');
    expect(p).toMatchObject({ line: 4, field: 'TIMESTAMP' });
    expect(p.message).toMatch(/time goes backwards: this row is 1\.995 s earlier/);
    expect(p.fix).toMatch(/sort the trace by time/);
  });

  it('negative and zero token counts', async () => {
    const neg = await problemOf('negative_tokens.csv');
    expect(neg).toMatchObject({ line: 3, field: 'ContextTokens' });
    expect(neg.message).toBe("'-396' is negative");
    expect(neg.fix).toMatch(/whole numbers ≥ 1/);
    const zero = await problemOf('zero_tokens.csv');
    expect(zero).toMatchObject({ line: 3, field: 'GeneratedTokens', message: "'0' is zero" });
  });

  it('fractional token counts', async () => {
    const p = await problemOf('generic_fraction_tokens.csv');
    expect(p).toMatchObject({ line: 3, field: 'input_tokens', message: "'12.5' is not a whole number" });
  });

  it('impossible timestamps: hour 25, February 30', async () => {
    const p = await problemOf('bad_timestamp.csv');
    expect(p).toMatchObject({ line: 3, field: 'TIMESTAMP' });
    expect(p.message).toMatch(/is not a timestamp \(hour, minute or second out of range\)/);
    const src = await fromAzureTrace(fixture('bad_timestamp.csv'), { skipBadRows: true });
    await readAll(src);
    expect(src.skipped().examples.map((e) => [e.line, e.message.replace(/^.*\(/, '(')])).toEqual([
      [3, '(hour, minute or second out of range)'],
      [4, '(no such date)'],
    ]);
  });

  it('too few and too many fields', async () => {
    const p = await problemOf('wrong_field_count.csv');
    expect(p).toMatchObject({ line: 3, field: 'GeneratedTokens' });
    expect(p.message).toMatch(/fewer fields than the header/);
    const src = await fromAzureTrace(fixture('wrong_field_count.csv'), { skipBadRows: true });
    await readAll(src);
    expect(src.skipped().examples[1]).toMatchObject({ line: 4, field: 'GeneratedTokens' });
    expect(src.skipped().examples[1]?.message).toMatch(/more fields than the header/);
  });

  it('binary garbage: a binary file at its header, garbage bytes in a row at that row', async () => {
    const bin = await problemOf('binary_garbage.bin');
    expect(bin).toMatchObject({ line: 1, field: 'header' });
    expect(bin.message).toMatch(/binary/);
    const row = await problemOf('garbage_row.csv');
    expect(row).toMatchObject({ line: 3, field: 'TIMESTAMP' });
    expect(row.message).toMatch(/is not a timestamp/);
  });

  it('an empty file and a header without rows', async () => {
    const empty = await problemOf('empty.csv');
    expect(empty).toMatchObject({ line: 1, field: 'header', message: 'the file is empty' });
    const headerOnly = await problemOf('header_only.csv');
    expect(headerOnly).toMatchObject({ line: 2, field: 'row', message: 'no requests after the header' });
  });

  it('a missing file', async () => {
    const err = await inputErrorOf(() => fromTraceFile(fixture('no-such-trace.csv')));
    expect(err.problems[0]).toMatchObject({ file: fixture('no-such-trace.csv'), message: 'file not found' });
  });

  it('skipBadRows counts the skipped rows and keeps the good ones', async () => {
    for (const [name, kept, skipped] of [
      ['non_monotonic.csv', [374, 396, 200], 1],
      ['negative_tokens.csv', [374, 200], 1],
      ['garbage_row.csv', [374, 200], 1],
      ['wrong_field_count.csv', [374], 2],
    ] as const) {
      const src = await fromTraceFile(fixture(name), 'auto', { skipBadRows: true });
      expect((await readAll(src)).inputTokens).toEqual(kept);
      expect(src.skipped().count).toBe(skipped);
      expect(src.skipped().examples[0]?.file).toBe(fixture(name));
    }
  });

  it('skipBadRows with nothing valid left is still an error', async () => {
    const path = fixture('all_bad_rows.csv');
    const err = await inputErrorOf(async () => readAll(await fromTraceFile(path, 'auto', { skipBadRows: true })));
    expect(err.problems[0]).toMatchObject({ file: path, line: 3, field: 'row' });
    expect(err.problems[0]?.message).toMatch(/no valid rows: all 2 rows were bad \(first: '-1' is negative\)/);
  });
});
