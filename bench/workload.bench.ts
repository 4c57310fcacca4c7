/**
 * Workload bench: trace parsing speed and memory, a 10 M-row summarize's memory, and a full week of
 * synthetic trace from scenarios/week.yaml checked against the scenario's rates.
 *
 * The trace is the Azure 2023 conversation trace tiled to 10 M rows (copy k shifted by k hours; the
 * trace spans 58 min, so time stays monotonic), written to the OS temp directory at bench time and
 * removed after; without ../shared, rows in the same format are synthesized. Parsing and
 * summarizing run in child processes so their peak RSS is theirs alone, not the solver bench's.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createRng } from '../src/core/random.js';
import { scenarioFromText } from '../src/scenario/index.js';
import { summarizeTrace, synthesizeTrace } from '../src/workload/index.js';
import { timed, type Bench, type BenchRow } from './harness.js';

const ROWS = 10_000_000;
const REPO = new URL('..', import.meta.url).pathname;
const CONV = new URL('../../shared/traces/AzureLLMInferenceTrace_conv.csv', import.meta.url).pathname;
const WORKLOAD = new URL('../src/workload/index.ts', import.meta.url).href;

interface ChildResult {
  readonly rows: number;
  readonly seconds: number;
  readonly peakRssMB: number;
}

export const bench: Bench = {
  name: 'workload',
  async run() {
    const rows: BenchRow[] = [];
    const dir = mkdtempSync(join(tmpdir(), 'llmcap-bench-'));
    const path = join(dir, 'conv-tiled.csv');
    try {
      const made = await timed(() => writeTiledTrace(path, ROWS));
      rows.push({ group: 'trace', name: `tiled trace written (${made.value.source})`, value: made.seconds, unit: 's', note: `${(made.value.bytes / 1e6).toFixed(0)} MB` });

      const parse = await inChild(`
        const src = await w.fromAzureTrace(${JSON.stringify(path)});
        let rows = 0;
        for await (const c of src.chunks()) rows += c.length;
        return rows;`);
      const parseRate = parse.rows / parse.seconds;
      rows.push({ group: 'trace', name: 'parse Azure CSV, 10 M rows, one core', value: parseRate, unit: 'rows/s', target: '≥ 1,000,000 rows/s', met: parseRate >= 1_000_000 });
      rows.push({ group: 'trace', name: 'parse: peak RSS of the process', value: parse.peakRssMB, unit: 'MB' });

      const summarize = await inChild(`
        const src = await w.fromAzureTrace(${JSON.stringify(path)});
        const { summary } = await w.summarizeTrace(src, { windowS: 3600 });
        return summary.requests;`);
      rows.push({ group: 'trace', name: 'summarize 10 M rows: rate', value: summarize.rows / summarize.seconds, unit: 'rows/s' });
      rows.push({ group: 'trace', name: 'summarize 10 M rows: peak RSS of the process', value: summarize.peakRssMB, unit: 'MB', target: '≤ 500 MB', met: summarize.peakRssMB <= 500 });
      rows.push({ group: 'trace', name: 'summarize/parse time ratio', value: summarize.seconds / parse.seconds, unit: '×' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    // A full synthetic week: generation speed and per-window rates against the scenario's.
    const weekPath = new URL('../scenarios/week.yaml', import.meta.url).pathname;
    const week = scenarioFromText(readFileSync(weekPath, 'utf8'), weekPath);
    const { value, seconds } = await timed(() => summarizeTrace(synthesizeTrace(week), { windowS: 3600 }));
    const { summary } = value;
    rows.push({ group: 'trace', name: 'synthesize + summarize week.yaml', value: summary.requests / seconds, unit: 'requests/s', note: `${(summary.requests / 1e6).toFixed(1)} M requests` });
    const startMs = Date.parse(week.horizon.startIso);
    let worst = 0;
    let checked = 0;
    for (const w of summary.windows) {
      if (w.requests < 1000) continue;
      const index = Math.round((Date.parse(w.startIso) - startMs) / 3_600_000);
      const expected = week.demandRps.reduce((sum, d) => sum + (d[index] ?? 0), 0);
      worst = Math.max(worst, Math.abs(w.rateRps / expected - 1));
      checked++;
    }
    rows.push({ group: 'trace', name: `week.yaml synthetic: worst window rate error (${checked} windows ≥ 1,000 requests)`, value: worst * 100, unit: '%', target: '≤ 5 %', met: worst <= 0.05 && checked === week.horizon.windows.length });
    return rows;
  },
};

/** Run `body` (an async function body with the workload module as `w`, returning a row count) in a fresh Node process. */
async function inChild(body: string): Promise<ChildResult> {
  const code = `
    const w = await import(${JSON.stringify(WORKLOAD)});
    const t0 = performance.now();
    const rows = await (async () => { ${body} })();
    const seconds = (performance.now() - t0) / 1000;
    process.stdout.write(JSON.stringify({ rows, seconds, peakRssMB: process.resourceUsage().maxRSS / 1024 }));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: REPO, maxBuffer: 1 << 20 });
  return JSON.parse(stdout) as ChildResult;
}

/** The conversation trace repeated with hourly shifts, or synthetic rows in the same format without ../shared. */
function writeTiledTrace(path: string, rowCount: number): { source: string; bytes: number } {
  const base = existsSync(CONV) ? conversationRows() : syntheticRows();
  const fd = openSync(path, 'w');
  let bytes = writeSync(fd, 'TIMESTAMP,ContextTokens,GeneratedTokens\n');
  let written = 0;
  let minuteKey = -1;
  let prefix = '';
  try {
    for (let copy = 0; written < rowCount; copy++) {
      const lines: string[] = [];
      for (const r of base.rows) {
        if (written >= rowCount) break;
        const second = r.wholeS + copy * 3600;
        const minute = Math.floor(second / 60);
        if (minute !== minuteKey) {
          minuteKey = minute;
          prefix = new Date(minute * 60_000).toISOString().slice(0, 17).replace('T', ' ');
        }
        const s = second - minute * 60;
        lines.push(`${prefix}${s < 10 ? '0' : ''}${s}${r.fraction}${r.tokens}`);
        written++;
      }
      bytes += writeSync(fd, `${lines.join('\n')}\n`);
    }
  } finally {
    closeSync(fd);
  }
  return { source: base.source, bytes };
}

interface BaseRow {
  readonly wholeS: number;
  /** '.6805900' as written. */
  readonly fraction: string;
  /** ',374,44'. */
  readonly tokens: string;
}

function conversationRows(): { source: string; rows: BaseRow[] } {
  const lines = readFileSync(CONV, 'utf8').split('\n').slice(1).filter((l) => l.length > 0);
  const rows = lines.map((line) => {
    const comma = line.indexOf(',');
    const ts = line.slice(0, comma);
    return { wholeS: Date.parse(`${ts.slice(0, 10)}T${ts.slice(11, 19)}Z`) / 1000, fraction: ts.slice(19), tokens: line.slice(comma).trimEnd() };
  });
  return { source: 'AzureLLMInferenceTrace_conv.csv tiled', rows };
}

function syntheticRows(): { source: string; rows: BaseRow[] } {
  const rng = createRng(1, 'bench-trace');
  const rows: BaseRow[] = [];
  let t = Date.parse('2023-11-16T18:15:00Z') / 1000;
  for (let i = 0; i < 19_366; i++) {
    t += rng.exponential(5.5);
    const whole = Math.floor(t);
    rows.push({ wholeS: whole, fraction: `.${String(Math.floor((t - whole) * 1e7)).padStart(7, '0')}`, tokens: `,${1 + rng.int(4000)},${1 + rng.int(600)}` });
  }
  return { source: 'synthetic rows (../shared missing)', rows };
}
