/** Progress on stderr: readable plain lines without floods, a bar on terminals, silence with --quiet. */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress, formatDetail, stageOf } from '../../src/cli/progress.js';

function sink(tty = false): Writable & { text: () => string; isTTY: boolean } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  }) as Writable & { text: () => string; isTTY: boolean; columns: number };
  stream.text = () => chunks.join('');
  stream.isTTY = tty;
  stream.columns = 120;
  return stream;
}

describe('plain progress lines (stderr is not a terminal)', () => {
  it('prints each stage once, then at most one heartbeat per interval, with time and percent', () => {
    let nowMs = 0;
    const stream = sink();
    const p = createProgress(false, { stream, now: () => nowMs, plainEveryMs: 3000 });
    p.update('capacity: SLO-feasible load per config and class', 0);
    nowMs = 3200;
    p.update('round 1: choosing the fleet on 1 representative windows', 0.05);
    // 168 per-window steps over 17 s: a line every 3 s, not 168.
    for (let i = 1; i <= 168; i++) {
      nowMs = 14_000 + i * 100;
      p.update(`round 1: sizing pools in window ${i}/168`, 0.15 + (0.8 * i) / 168);
    }
    nowMs = 31_000;
    p.update('done', 1);
    const lines = stream.text().trimEnd().split('\n');
    expect(lines[0]).toBe('[0.0s]   0% capacity: SLO-feasible load per config and class');
    expect(lines[1]).toBe('[3.2s]   5% round 1: choosing the fleet on 1 representative windows');
    expect(lines[2]).toBe('[14.1s]  15% round 1: sizing pools in window 1/168');
    expect(lines.at(-1)).toBe('[31.0s] 100% done');
    const heartbeats = lines.filter((l) => l.includes('sizing pools'));
    expect(heartbeats.length).toBeGreaterThanOrEqual(5);
    expect(heartbeats.length).toBeLessThanOrEqual(7);
  });

  it('repeats an unchanged message only when its percentage moved', () => {
    let nowMs = 0;
    const stream = sink();
    const p = createProgress(false, { stream, now: () => nowMs });
    p.update('reading trace.csv', 0.1);
    nowMs = 10_000;
    p.update('reading trace.csv', 0.1);
    nowMs = 20_000;
    p.update('reading trace.csv', 0.5);
    expect(stream.text().trimEnd().split('\n')).toEqual(['[0.0s]  10% reading trace.csv', '[20.0s]  50% reading trace.csv']);
  });

  it('shows the incumbent, bound and gap when the caller knows them', () => {
    const stream = sink();
    createProgress(false, { stream, now: () => 0 }).update('solving one MILP over 24 windows', 0.1, { incumbent: 7381.79, bound: 7381.48, gap: 0.000042 });
    expect(stream.text()).toBe('[0.0s]  10% solving one MILP over 24 windows · incumbent 7,382 · bound 7,381 · gap 0.00 %\n');
  });
});

describe('progress helpers', () => {
  it('groups messages by stage, without running counters', () => {
    expect(stageOf('round 2: sizing pools in window 37/168')).toBe('round 2: sizing pools in window');
    expect(stageOf('replay: 524,288 requests')).toBe('replay:');
    expect(stageOf('design 2/5: Splitwise-HA')).toBe('design 2/5: Splitwise-HA');
  });

  it('formats what is known and skips what is not', () => {
    expect(formatDetail(undefined)).toBe('');
    expect(formatDetail({ gap: 0.0086 })).toBe(' · gap 0.86 %');
    expect(formatDetail({ incumbent: 12.3456, bound: Number.NaN })).toBe(' · incumbent 12.35');
  });
});

describe('other modes', () => {
  it('--quiet writes nothing', () => {
    const stream = sink();
    const p = createProgress(true, { stream });
    p.update('capacity', 0);
    p.stop();
    expect(stream.text()).toBe('');
  });

  it('a terminal gets a bar with the stage and the solver figures, cleared at the end', () => {
    const stream = sink(true);
    const p = createProgress(false, { stream });
    p.update('solving one MILP over 24 windows', 0.5, { gap: 0.01 });
    p.stop();
    const text = stream.text();
    expect(text).toContain('50%');
    expect(text).toContain('solving one MILP over 24 windows · gap 1.00 %');
  });
});
