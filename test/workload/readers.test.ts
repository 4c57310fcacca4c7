/** Trace readers on real Azure traces, the 2024 timestamp format, generic CSVs and chunk/block boundaries. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromAzureTrace, fromGenericCsv, fromTraceFile } from '../../src/workload/index.js';
import { CODE, CONV, FIXTURES, readAll } from './traceHelpers.js';

describe('fromAzureTrace', () => {
  it('reads the 2023 conversation and code traces: rows, span and token sums as the traces README', async () => {
    for (const [path, rows, spanS, inputSum, outputSum, start] of [
      [CONV, 19_366, 3501.7, 22_361_870, 4_088_665, '2023-11-16T18:15:46.68059Z'],
      [CODE, 8_819, 3435.9, 18_059_974, 245_896, '2023-11-16T18:17:03.97996Z'],
    ] as const) {
      const source = await fromAzureTrace(path);
      expect(source.startIso).toBe(start);
      expect(source.services).toEqual(['']);
      const r = await readAll(source);
      expect(r.arrivalS).toHaveLength(rows);
      expect(r.arrivalS[0]).toBe(0);
      expect(r.arrivalS[rows - 1]).toBeCloseTo(spanS, 1);
      expect(r.inputTokens.reduce((a, b) => a + b, 0)).toBe(inputSum);
      expect(r.outputTokens.reduce((a, b) => a + b, 0)).toBe(outputSum);
      expect(r.arrivalS.every((a, i) => i === 0 || a >= (r.arrivalS[i - 1] as number))).toBe(true);
    }
  });

  it('keeps 100-ns digits exactly (whole seconds subtracted before the fraction)', async () => {
    const r = await readAll(await fromAzureTrace(CONV));
    // Second row: 18:15:50.9951690 − 18:15:46.6805900.
    expect(r.arrivalS[1]).toBeCloseTo(4.314579, 9);
  });

  it('reads the 2024 week format: +00:00 zones, mixed precision, other offsets', async () => {
    const source = await fromAzureTrace(join(FIXTURES, 'azure_2024_mixed.csv'));
    expect(source.startIso).toBe('2024-05-12T00:00:00.000Z');
    const r = await readAll(source);
    expect(r.arrivalS).toHaveLength(6);
    expect(r.arrivalS[1]).toBeCloseTo(0.001163, 9);
    expect(r.arrivalS[2]).toBeCloseTo(0.5, 9);
    expect(r.arrivalS[4]).toBeCloseTo(7199.999999, 6);
    // 04:00:00+02:00 is 02:00:00 UTC.
    expect(r.arrivalS[5]).toBe(7200);
    expect(r.inputTokens).toEqual([1200, 374, 4200, 90, 2000, 512]);
  });

  it('reads CRLF line endings', async () => {
    const r = await readAll(await fromAzureTrace(join(FIXTURES, 'azure_crlf.csv')));
    expect(r.outputTokens).toEqual([44, 109, 64]);
  });

  it('gives the same rows whatever the chunk size, and across 1 MiB block boundaries', async () => {
    // Two copies of the conversation trace, the second an hour later: 1.4 MB, so rows straddle blocks.
    const text = readFileSync(CONV, 'utf8');
    const body = text.slice(text.indexOf('\n') + 1);
    const later = body.replace(/^2023-11-16 18:/gm, '2023-11-16 20:').replace(/^2023-11-16 19:/gm, '2023-11-16 21:');
    const dir = mkdtempSync(join(tmpdir(), 'llmcap-blocks-'));
    const path = join(dir, 'twice.csv');
    writeFileSync(path, `${text}\n${later}`);
    const small = await readAll(await fromAzureTrace(path, { chunkRows: 1000 }));
    const big = await readAll(await fromAzureTrace(path));
    expect(small.arrivalS).toHaveLength(2 * 19_366);
    expect(small.chunks).toBe(39);
    expect(big.chunks).toBe(1);
    expect(small.inputTokens).toEqual(big.inputTokens);
    expect(small.arrivalS).toEqual(big.arrivalS);
    expect(big.inputTokens.reduce((a, b) => a + b, 0)).toBe(2 * 22_361_870);
    expect(big.arrivalS[19_366]).toBeCloseTo(7200, 6);
    rmSync(dir, { recursive: true, force: true });
  });

  it('re-reads from the start on every iteration', async () => {
    const source = await fromAzureTrace(join(FIXTURES, 'azure_crlf.csv'));
    expect(await readAll(source)).toEqual(await readAll(source));
  });
});

describe('fromGenericCsv', () => {
  it('reads ISO timestamps with zones, quoted fields, services and classes in order of appearance', async () => {
    const source = await fromGenericCsv(join(FIXTURES, 'generic_services.csv'));
    expect(source.format).toBe('generic');
    expect(source.services).toEqual(['chat', 'code, v2']);
    expect(source.classLabels).toEqual(['SS', 'ML', 'LM']);
    const r = await readAll(source);
    expect(r.arrivalS[0]).toBe(0);
    expect(r.arrivalS[1]).toBeCloseTo(0.499999, 9); // 01:00:00.5+01:00
    expect(r.arrivalS[3]).toBeCloseTo(2.249999, 9);
    expect(r.inputTokens).toEqual([100, 2000, 50, 5000]);
    expect(r.serviceIndex).toEqual([0, 1, 0, 1]);
    expect(r.classIndex).toEqual([0, 1, 0, 2]);
  });

  it('takes the service list from the caller (no discovery pass) and rejects other names', async () => {
    const source = await fromGenericCsv(join(FIXTURES, 'generic_services.csv'), { services: ['code, v2', 'chat'] });
    expect((await readAll(source)).serviceIndex).toEqual([1, 0, 1, 0]);
    const strict = await fromGenericCsv(join(FIXTURES, 'generic_services.csv'), { services: ['chat'], skipBadRows: true });
    expect((await readAll(strict)).inputTokens).toEqual([100, 50]);
    expect(strict.skipped().count).toBe(2);
    expect(strict.skipped().examples[0]?.message).toContain("unknown service 'code, v2'");
  });

  it('reads arrival_s seconds (exponents, 400.0 as 400), keeps their values and ignores other columns', async () => {
    const source = await fromTraceFile(join(FIXTURES, 'generic_seconds.csv'));
    expect(source.format).toBe('generic');
    expect(source.startIso).toBe('2024-01-01T00:00:00.000Z');
    const r = await readAll(source);
    expect(r.arrivalS).toEqual([0.5, 1.5, 2, 3.25]);
    expect(r.inputTokens).toEqual([100, 200, 300, 400]);
    const placed = await fromGenericCsv(join(FIXTURES, 'generic_seconds.csv'), { startIso: '2024-05-13T00:00:00Z' });
    expect(placed.startIso).toBe('2024-05-13T00:00:00Z');
  });
});
