/**
 * A replayed trace keeps its own clock (src/workload/placeTrace.ts, wired through sim/replayPlan and the
 * simulate / plan --validate flags): a scenario fitted from a trace replays that trace window by
 * window; --align calendar, --trace-offset, --rate-scale and --repeat place it explicitly.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TraceChunk, TraceSource } from '../../src/workload/index.js';
import { placeTrace } from '../../src/workload/index.js';
import { CONV, inputErrorOf, readAll } from '../workload/traceHelpers.js';
import { runCli } from '../helpers/runCli.js';

/** A trace of requests at the given seconds after `startIso`, in chunks of two. */
function traceAt(startIso: string, seconds: readonly number[]): TraceSource {
  return {
    name: 'test-trace',
    startIso,
    services: [''],
    async *chunks(): AsyncIterable<TraceChunk> {
      for (let i = 0; i < seconds.length; i += 2) {
        const part = seconds.slice(i, i + 2);
        yield { length: part.length, arrivalS: Float64Array.from(part), inputTokens: Uint32Array.from(part, () => 100), outputTokens: Uint32Array.from(part, () => 10), serviceIndex: new Uint16Array(part.length) };
      }
    },
  };
}

const HORIZON = { startIso: '2024-01-01T00:00:00Z', windowS: 3600, windows: 24 };

describe('placeTrace', () => {
  it("default: the first arrival's whole window boundary is horizon second 0; offsets within the trace kept", async () => {
    // Trace clock starts 2023-11-16T18:15:46.5Z; arrivals at +0, +10 s, +3,000 s.
    const placed = await placeTrace(traceAt('2023-11-16T18:15:46.5Z', [0, 10, 3000]), HORIZON);
    const rows = await readAll(placed.trace);
    expect(rows.arrivalS).toEqual([946.5, 956.5, 3946.5]);
    expect(placed.placement.anchorIso).toBe('2023-11-16T18:00:00.000Z');
    expect(placed.trace.startIso).toBe(HORIZON.startIso);
  });

  it('calendar: timestamps read on the scenario calendar; a trace starting outside is refused with both spans', async () => {
    const placed = await placeTrace(traceAt('2024-01-01T05:30:00Z', [0, 60]), HORIZON, { align: 'calendar' });
    expect((await readAll(placed.trace)).arrivalS).toEqual([19_800, 19_860]);
    const err = await inputErrorOf(() => placeTrace(traceAt('2023-11-16T18:15:00Z', [0, 60]), HORIZON, { align: 'calendar' }));
    expect(err.message).toContain('2023-11-16T18:15:00Z – 2023-11-16T18:16:00Z');
    expect(err.message).toContain('2024-01-01T00:00:00Z – 2024-01-02T00:00:00Z');
  });

  it('rate scale compresses time from the anchor; repeat tiles copies one span plus one mean gap apart; offset shifts last', async () => {
    const source = traceAt('2024-01-01T00:00:00Z', [0, 100, 200]);
    const fast = await placeTrace(source, HORIZON, { rateScale: 4 });
    expect((await readAll(fast.trace)).arrivalS).toEqual([0, 25, 50]);
    const tiled = await placeTrace(source, HORIZON, { repeat: 3 });
    expect(tiled.placement.periodS).toBe(300);
    expect((await readAll(tiled.trace)).arrivalS).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800]);
    const shifted = await placeTrace(source, HORIZON, { offsetS: -150 });
    expect((await readAll(shifted.trace)).arrivalS).toEqual([50]);
    expect(shifted.skippedBeforeStart()).toBe(2);
  });

  it('refuses a non-positive rate scale and a fractional repeat, naming the flag', async () => {
    const source = traceAt('2024-01-01T00:00:00Z', [0]);
    expect((await inputErrorOf(() => placeTrace(source, HORIZON, { rateScale: 0 }))).problems[0]?.field).toBe('--rate-scale');
    expect((await inputErrorOf(() => placeTrace(source, HORIZON, { repeat: 1.5 }))).problems[0]?.field).toBe('--repeat');
  });
});

describe.runIf(existsSync(CONV))('the Azure conversation trace fitted with 1-h windows, planned and replayed with --trace', () => {
  const dir = mkdtempSync(join(tmpdir(), 'llmcap-trace-time-'));
  const scenario = join(dir, 'conv.yaml');
  const plan = join(dir, 'out', 'plan.arrow');
  let fitted: { traceWindows: { start: string; requests: number }[]; windows: number };

  beforeAll(async () => {
    const fit = await runCli(['trace', 'fit', CONV, '--window', '1h', '-o', scenario, '--json', '--quiet']);
    expect(fit.code).toBe(0);
    fitted = JSON.parse(fit.stdout);
    const planned = await runCli(['plan', '--scenario', scenario, '--out', join(dir, 'out'), '--no-baseline', '--quiet']);
    expect(planned.code).toBe(0);
  });

  it("replays every window of the fitted scenario, with trace fit's request counts per window", async () => {
    const r = await runCli(['simulate', '--plan', plan, '--scenario', scenario, '--trace', CONV, '--out', join(dir, 'replay'), '--requests', 'none', '--json', '--quiet']);
    expect(r.code).toBe(0);
    const replay = JSON.parse(r.stdout);
    expect(fitted.windows).toBe(2);
    expect(replay.windows.map((w: { requests: number }) => w.requests)).toEqual(fitted.traceWindows.map((w) => w.requests));
    expect(replay.windows.map((w: { windowStart: string }) => Date.parse(w.windowStart))).toEqual(fitted.traceWindows.map((w) => Date.parse(w.start)));
    expect(replay.tracePlacement.anchorIso).toBe('2023-11-16T18:00:00.000Z');
  });

  it('--rate-scale 3 replays all 19,366 requests in a third of the span', async () => {
    const out = join(dir, 'fast');
    const r = await runCli(['simulate', '--plan', plan, '--scenario', scenario, '--trace', CONV, '--rate-scale', '3', '--out', out, '--requests', 'all', '--quiet']);
    expect(r.code).toBe(0);
    const arrivals = tableFromIPC(readFileSync(join(out, 'requests.arrow'))).getChild('arrival_s')?.toArray() as Float64Array;
    const original = await readAll(await (await import('../../src/workload/index.js')).fromTraceFile(CONV));
    const span = (original.arrivalS.at(-1) as number) - (original.arrivalS[0] as number);
    expect(arrivals.length).toBe(19_366);
    const replayedSpan = Math.max(...arrivals) - Math.min(...arrivals);
    expect(replayedSpan).toBeCloseTo(span / 3, 3);
  });

  it('--align calendar with a trace outside the horizon exits 2 and names both spans', async () => {
    const r = await runCli(['simulate', '--plan', plan, '--scenario', 'scenarios/day.yaml', '--trace', CONV, '--align', 'calendar', '--allow-mismatch', '--out', join(dir, 'cal'), '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/2023-11-16T18:15:46\.\d+Z – 2023-11-16T19:14:08\.\d+Z/);
    expect(r.stderr).toContain('2024-05-13T00:00:00Z – 2024-05-14T00:00:00Z');
    expect(r.stderr).toContain(CONV);
  });
});
