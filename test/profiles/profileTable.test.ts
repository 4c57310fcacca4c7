/** The profile-table contract: readers (CSV, Arrow), writers and validation messages. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import {
  PROFILE_COLUMNS, PROFILE_COLUMN_NAMES, fromProfileArrowBytes, fromProfileCsv, fromProfileCsvText, fromProfileFile, profileRows,
  profileTableFromRows, toProfileArrow, toProfileCsv, type ProfileRow,
} from '../../src/profiles/index.js';

const HEADER = PROFILE_COLUMN_NAMES.join(',');
const good = [
  HEADER,
  'llama2-70b,h100,8,1980,prefill,1,2048,137,4000,lab run 1',
  'Llama-2-70B,H100-80GB,8,1980,decode,16,1000,34.2,2000,',
].join('\n');

function problemsOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as InputError).message;
  }
  throw new Error('expected an InputError');
}

describe('profile CSV reader', () => {
  it('reads the contract, resolves aliases to catalog ids and defaults an empty source', () => {
    const t = fromProfileCsvText(good, 'lab.csv');
    expect(t.length).toBe(2);
    expect(t.model).toEqual(['Llama-2-70B', 'Llama-2-70B']);
    expect(t.gpu).toEqual(['H100-80GB', 'H100-80GB']);
    expect(t.phase).toEqual(['prefill', 'decode']);
    expect(Array.from(t.latencyMs)).toEqual([137, 34.2]);
    expect(t.source).toEqual(['lab run 1', 'measured (lab.csv)']);
  });

  it('names the file, line, column and fix for an unknown GPU, with a suggestion', () => {
    const msg = problemsOf(() => fromProfileCsvText(`${HEADER}\nllama2-70b,H100-80G,8,1980,prefill,1,2048,137,4000,x\n`, 'lab.csv'));
    expect(msg).toContain('lab.csv:2:');
    expect(msg).toContain('column gpu');
    expect(msg).toContain("unknown GPU type 'H100-80G'");
    expect(msg).toContain("did you mean 'H100-80GB'");
  });

  it('rejects unknown models, NaN and negative latency, bad phases and fractional TP, all at once', () => {
    const msg = problemsOf(() =>
      fromProfileCsvText(
        [
          HEADER,
          'gpt-5,H100-80GB,8,1980,prefill,1,2048,137,4000,x',
          'Llama-2-70B,H100-80GB,8,1980,prefill,1,2048,NaN,4000,x',
          'Llama-2-70B,H100-80GB,8,1980,decode,1,2048,-3,4000,x',
          'Llama-2-70B,H100-80GB,8,1980,warmup,1,2048,3,4000,x',
          'Llama-2-70B,H100-80GB,2.5,1980,decode,1,2048,3,4000,x',
        ].join('\n'),
        'bad.csv',
      ),
    );
    expect(msg).toContain("bad.csv:2: column model: unknown model 'gpt-5'");
    expect(msg).toContain('bad.csv:3: column latency_ms:');
    expect(msg).toContain('NaN and Infinity are not allowed');
    expect(msg).toContain('bad.csv:4: column latency_ms: -3 is not positive');
    expect(msg).toContain("bad.csv:5: column phase: unknown phase 'warmup'");
    expect(msg).toContain('bad.csv:6: column tp: 2.5 is not a whole number');
  });

  it('names missing columns and the full header to use', () => {
    const msg = problemsOf(() => fromProfileCsvText('model,gpu,tp,freq_mhz,phase,batch_size,tokens,latency\nx,y,1,1,prefill,1,1,1\n', 'short.csv'));
    expect(msg).toContain("missing columns 'latency_ms', 'power_w', 'source'");
    expect(msg).toContain(HEADER);
  });

  it('rejects clocks outside the GPU range, TP beyond a server, prefills with fewer tokens than prompts, duplicates', () => {
    const msg = problemsOf(() =>
      fromProfileCsvText(
        [
          HEADER,
          'Llama-2-70B,A100-80GB,8,1980,decode,1,512,40,1000,x',
          'Llama-2-70B,A100-80GB,16,1410,decode,1,512,40,1000,x',
          'Llama-2-70B,A100-80GB,8,1410,prefill,64,32,40,1000,x',
          'Llama-2-70B,A100-80GB,8,1410,decode,1,512,40,1000,x',
          'Llama-2-70B,A100-80GB,8,1410,decode,1,512,41,1000,x',
        ].join('\n'),
        'lab.csv',
      ),
    );
    expect(msg).toContain("1980 MHz is outside A100-80GB's SM clock range 210–1410 MHz");
    expect(msg).toContain('TP 16 exceeds the 8 GPUs');
    expect(msg).toContain('a prefill of 64 prompts needs at least 64 tokens');
    expect(msg).toContain('lab.csv:6: column tokens: duplicate point: line 5');
  });

  it('reads files by extension and reports unreadable ones as input errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmcap-profiles-'));
    writeFileSync(join(dir, 'lab.csv'), good);
    expect((await fromProfileCsv(join(dir, 'lab.csv'))).length).toBe(2);
    expect((await fromProfileFile(join(dir, 'lab.csv'))).length).toBe(2);
    await expect(fromProfileFile(join(dir, 'missing.csv'))).rejects.toBeInstanceOf(InputError);
    await expect(fromProfileFile(join(dir, 'lab.xlsx'))).rejects.toThrow(/unknown profile file type/);
  });
});

describe('profile writers', () => {
  const rows: ProfileRow[] = [
    { model: 'Llama-2-70B', gpu: 'H100-80GB', tp: 8, freqMHz: 1980, phase: 'prefill', batchSize: 4, tokens: 2048, latencyMs: 141.72209484077476, powerW: 3410.5, source: 'analytic' },
    { model: 'Mixtral-8x7B', gpu: 'L40S', tp: 4, freqMHz: 2520, phase: 'decode', batchSize: 256, tokens: 576.5, latencyMs: 0.1 + 0.2, powerW: 1e-3 + 900, source: 'lab, "quoted"' },
  ];
  const table = profileTableFromRows(rows, 'rows');

  it('CSV round-trips every value exactly, quotes included', () => {
    const back = fromProfileCsvText(toProfileCsv(table), 'x.csv');
    expect(profileRows(back)).toEqual(rows);
  });

  it('Arrow IPC round-trips every value exactly', () => {
    const back = fromProfileArrowBytes(toProfileArrow(table), 'x.arrow');
    expect(profileRows(back)).toEqual(rows);
  });
});

describe('profiles/README.md', () => {
  it('documents every contract column with its unit and meaning', () => {
    const readme = readFileSync(new URL('../../profiles/README.md', import.meta.url), 'utf8');
    for (const c of PROFILE_COLUMNS) expect(readme).toContain(`| \`${c.name}\` |${c.unit ? ` ${c.unit} ` : ' '}| ${c.meaning} |`);
  });
});
