/** Reading the simulator's windows.csv for the report, tolerantly, and refusing a replay of another plan. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromWindowsCsv } from '../../src/report/fromWindowsCsv.js';
import { loadReplayWindows } from '../../src/report/loadReplayWindows.js';
import { parseCsv } from '../../src/report/parseCsv.js';
import { replayMismatch } from '../../src/report/replayWindows.js';

const HEADER = 'window,window_start,class,requests,completed,rejected,slo_attainment,meets_slo,ttft_target_ms,ttft_p50_ms,ttft_p99_ms,tbt_target_ms,tbt_p50_ms,tbt_p99_ms,energy_kwh,planned_energy_kwh,mean_kw,peak_kw,capped_s,extra_column';
const CSV = [
  HEADER,
  '0,2024-01-01T00:00:00.000Z,all,10,10,0,0.9,,,,,,,,1.5,1.25,1,2,0,x',
  '0,2024-01-01T00:00:00.000Z,chat/AA,10,10,0,0.9,no,500,100,900,100,30,60,,,,,,x',
  '1,2024-01-01T01:00:00.000Z,all,0,0,0,,,,,,,,,0.5,0.5,0.5,0.5,0,x',
  '1,2024-01-01T01:00:00.000Z,chat/AA,0,0,0,,low-sample,500,,,100,,,,,,,,x',
].join('\n');

const PLAN = {
  // Window 0's summary adds 0.05 kWh of start-up energy to its rows' 1.25 kWh.
  windows: [{ window: 0, windowStart: '2024-01-01T00:00:00.000Z', energyKWh: 1.3 }, { window: 1, windowStart: '2024-01-01T01:00:00.000Z', energyKWh: 0.5 }],
  rows: [
    { window: 0, energyKWh: 1 },
    { window: 0, energyKWh: 0.25 },
    { window: 1, energyKWh: 0.5 },
  ],
} as never;

describe('fromWindowsCsv', () => {
  it('splits window totals from class rows, by column name, and reads empty cells as NaN', () => {
    const read = fromWindowsCsv(CSV);
    if (!read.ok) throw new Error(read.reason);
    expect(read.replay.totals.map((t) => [t.window, t.plannedEnergyKWh, t.peakKW])).toEqual([[0, 1.25, 2], [1, 0.5, 0.5]]);
    expect(read.replay.totals[1]?.sloAttainment).toBeNaN();
    const [first, second] = read.replay.classes;
    expect(first).toMatchObject({ classId: 'chat/AA', meetsSlo: 'no', ttftP99Ms: 900, tbtP50Ms: 30 });
    expect(second?.ttftP50Ms).toBeNaN();
    expect(second?.meetsSlo).toBe('low-sample');
  });

  it('refuses a file without the window, start and class columns, and one without window rows', () => {
    expect(fromWindowsCsv('a,b\n1,2\n')).toEqual({ ok: false, reason: 'missing column(s) window, window_start, class' });
    expect(fromWindowsCsv(`${HEADER}\n`)).toMatchObject({ ok: false });
  });

  it('parses quoted fields and CRLF', () => {
    expect(parseCsv('a,"b,""c"""\r\n1,2\r\n')).toEqual({ header: ['a', 'b,"c"'], rows: [['1', '2']] });
  });
});

describe('replayMismatch', () => {
  it('accepts a replay whose planned energy per window is the plan\'s rows', () => {
    const read = fromWindowsCsv(CSV);
    if (!read.ok) throw new Error(read.reason);
    expect(replayMismatch(read.replay, PLAN)).toBeUndefined();
  });

  it('accepts one whose planned energy is the window summary (start-ups included), as plan --validate replays', () => {
    const read = fromWindowsCsv(CSV.replace('1.5,1.25,1,2', '1.5,1.3,1,2'));
    if (!read.ok) throw new Error(read.reason);
    expect(replayMismatch(read.replay, PLAN)).toBeUndefined();
  });

  it('names the first window where the replay was made from another plan', () => {
    const read = fromWindowsCsv(CSV.replace('1.5,1.25,1,2', '1.5,1.4,1,2'));
    if (!read.ok) throw new Error(read.reason);
    expect(replayMismatch(read.replay, PLAN)).toMatch(/^window 0: the replay's planned energy 1\.400 kWh differs from this plan's 1\.250 kWh/);
  });
});

describe('loadReplayWindows', () => {
  it('finds nothing in a directory without windows.csv, and ignores a malformed one with the reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmcap-replay-'));
    expect(await loadReplayWindows(dir, PLAN)).toEqual({ kind: 'none' });
    writeFileSync(join(dir, 'windows.csv'), 'not,a,replay\n');
    expect(await loadReplayWindows(dir, PLAN)).toMatchObject({ kind: 'ignored', reason: expect.stringMatching(/missing column/) });
    writeFileSync(join(dir, 'windows.csv'), CSV);
    expect(await loadReplayWindows(dir, PLAN)).toMatchObject({ kind: 'replay' });
  });
});
