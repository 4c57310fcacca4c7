/**
 * Damaged Arrow files (plans, profile tables) end in an InputError naming the file, never in a hang,
 * an out-of-memory crash or another exception. The cases below are the kinds of damage that made
 * apache-arrow (plans) and flechette (profiles, through arquero) loop or allocate without bound before
 * the structure check (src/core/arrowIpcLayout.ts); the property runs random byte flips and requires
 * the check, not the decode deadline, to have caught every one.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { tableFromIPC } from 'apache-arrow';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { arrowIpcLayoutProblem } from '../../src/core/arrowIpcLayout.js';
import { DeadlineExceeded, withinDeadline } from '../../src/core/deadline.js';
import { InputError } from '../../src/core/errors.js';
import { fromProfileArrowBytes } from '../../src/profiles/fromProfileArrow.js';
import { fromProfileCsvText } from '../../src/profiles/fromProfileCsv.js';
import { toProfileArrow } from '../../src/profiles/toProfileArrow.js';
import { fromPlanArrow } from '../../src/report/fromPlanArrow.js';
import { runCli } from '../helpers/runCli.js';
import { tinyScenarioYaml } from '../helpers/tinyScenario.js';

const SEED = 20_261_205;
const PROFILE_CSV = [
  'model,gpu,tp,freq_mhz,phase,batch_size,tokens,latency_ms,power_w,source',
  'Llama-2-70B,H100-80GB,8,1980,prefill,1,1024,120,5200,lab',
  'Llama-2-70B,H100-80GB,8,1980,decode,8,1024,30,4100,lab',
].join('\n');

let plan: Uint8Array;
let profile: Uint8Array;
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'llmcap-arrow-damage-'));
  writeFileSync(join(dir, 'tiny.yaml'), tinyScenarioYaml({ windows: 2, rps: 2 }));
  const r = await runCli(['plan', '--scenario', join(dir, 'tiny.yaml'), '--out', join(dir, 'out'), '--quiet', '--no-baseline']);
  expect(r.code, r.stderr).toBe(0);
  plan = readFileSync(join(dir, 'out', 'plan.arrow'));
  profile = toProfileArrow(fromProfileCsvText(PROFILE_CSV, 'p.csv'));
}, 60_000);

// --- finding things in a valid file (test-side, to damage them on purpose) -----------------------

interface Message {
  /** Where its flatbuffer starts (after the continuation marker and length). */
  readonly meta: number;
  readonly at: number;
}

function messagesOf(bytes: Uint8Array): Message[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const footerStart = bytes.length - 10 - view.getInt32(bytes.length - 10, true);
  const found: Message[] = [];
  for (let at = 8; at < footerStart; ) {
    const length = view.getInt32(at + 4, true);
    if (length === 0) break;
    const meta = at + 8;
    found.push({ meta, at });
    const body = Number(view.getBigInt64(fieldAt(view, rootOf(view, meta), 3) ?? -1, true));
    at = meta + length + body;
  }
  return found;
}

const rootOf = (view: DataView, at: number) => at + view.getUint32(at, true);
/** Absolute position of field `index` of the flatbuffer table at `table`, undefined when absent. */
function fieldAt(view: DataView, table: number, index: number): number | undefined {
  const vtable = table - view.getInt32(table, true);
  const entry = 4 + 2 * index;
  if (entry + 2 > view.getUint16(vtable, true)) return undefined;
  const offset = view.getUint16(vtable + entry, true);
  return offset === 0 ? undefined : table + offset;
}
const childAt = (view: DataView, table: number, index: number) => {
  const at = fieldAt(view, table, index) as number;
  return at + view.getUint32(at, true);
};

/** A copy of `bytes` with `edit` applied to its DataView. */
function damaged(bytes: Uint8Array, edit: (view: DataView, messages: Message[]) => void): Uint8Array {
  const copy = new Uint8Array(bytes);
  const view = new DataView(copy.buffer);
  edit(view, messagesOf(copy));
  return copy;
}

/** The message with header type `kind` (1 schema, 2 dictionary batch, 3 record batch). */
function messageOfKind(view: DataView, messages: Message[], kind: number): Message {
  const m = messages.find((msg) => view.getUint8(fieldAt(view, rootOf(view, msg.meta), 1) as number) === kind);
  if (!m) throw new Error(`no message of kind ${kind}`);
  return m;
}

function inputErrorOf(read: () => unknown): InputError {
  try {
    read();
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('read without an error');
}

// --- the cases ---------------------------------------------------------------------------------

describe('a damaged plan.arrow', () => {
  it('is read when intact, and its structure passes the check', () => {
    expect(arrowIpcLayoutProblem(plan)).toBeUndefined();
    expect(fromPlanArrow(plan).rows.length).toBeGreaterThan(0);
  });

  it('whose record batch is no longer marked as one: refused before apache-arrow loops on it for ever', () => {
    const bad = damaged(plan, (view, messages) => view.setUint8(fieldAt(view, rootOf(view, messageOfKind(view, messages, 3).meta), 1) as number, 0));
    // The regression: the file reader re-reads the footer's block until a record batch turns up.
    expect(() => withinDeadline(500, () => tableFromIPC(bad))).toThrow(DeadlineExceeded);
    const err = inputErrorOf(() => fromPlanArrow(bad, 'bad.arrow'));
    expect(err.problems[0]?.file).toBe('bad.arrow');
    expect(err.message).toMatch(/the Arrow file is damaged: the message at byte \d+ has an unknown kind \(0\)/);
    expect(err.problems[0]?.fix).toMatch(/llmcap plan/);
  });

  it('whose footer points a record batch at another place: refused', () => {
    const bad = damaged(plan, (view) => {
      const footerStart = view.byteLength - 10 - view.getInt32(view.byteLength - 10, true);
      const footer = rootOf(view, footerStart);
      const blocks = childAt(view, footer, 3);
      view.setBigInt64(blocks + 4, view.getBigInt64(blocks + 4, true) + 8n, true); // block 1's offset
    });
    expect(inputErrorOf(() => fromPlanArrow(bad, 'bad.arrow')).message).toMatch(/its footer places record batch 1 at byte \d+, where no record batch starts/);
  });

  it('whose batch claims billions of values: refused before anything is allocated', () => {
    const bad = damaged(plan, (view, messages) => {
      const batch = childAt(view, rootOf(view, messageOfKind(view, messages, 3).meta), 2);
      view.setBigInt64(childAt(view, batch, 1) + 4, 3_000_000_000n, true); // column 1's value count
    });
    expect(inputErrorOf(() => fromPlanArrow(bad, 'bad.arrow')).message).toMatch(/column 1 claims 3000000000 values, 0 of them null, in a \d+-byte body/);
  });

  it('whose list of columns claims millions of entries: refused', () => {
    const bad = damaged(plan, (view, messages) => {
      const batch = childAt(view, rootOf(view, messageOfKind(view, messages, 3).meta), 2);
      view.setUint32(childAt(view, batch, 2), 16_777_256, true); // the buffers vector's length
    });
    expect(inputErrorOf(() => fromPlanArrow(bad, 'bad.arrow')).message).toMatch(/buffers \(16777256 entries\) points outside it/);
  });
});

describe('a damaged profile table (.arrow)', () => {
  it('is read when intact, as are the built-in tables', () => {
    expect(fromProfileArrowBytes(profile, 'p.arrow').latencyMs.length).toBe(2);
    const builtIn = gunzipSync(readFileSync(new URL('../../profiles/BLOOM-176B.arrow.gz', import.meta.url)));
    expect(arrowIpcLayoutProblem(builtIn)).toBeUndefined();
  });

  it('whose dictionary claims half a billion strings: refused before flechette allocates them', () => {
    const bad = damaged(profile, (view, messages) => {
      const dictionary = childAt(view, rootOf(view, messageOfKind(view, messages, 2).meta), 2);
      const batch = childAt(view, dictionary, 1);
      view.setBigInt64(childAt(view, batch, 1) + 4, 486_539_265n, true);
    });
    const err = inputErrorOf(() => fromProfileArrowBytes(bad, 'bad.arrow'));
    expect(err.problems[0]?.file).toBe('bad.arrow');
    expect(err.message).toMatch(/column 1 claims 486539265 values/);
    expect(err.problems[0]?.fix).toMatch(/profiles generate/);
  });
});

describe('random byte flips', () => {
  const flips = (valid: () => Uint8Array) =>
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 8 }).map((list) => {
      const b = new Uint8Array(valid());
      for (const [at, mask] of list) b[at % b.length] = (b[at % b.length] as number) ^ mask;
      return b;
    });
  // Each case is a millisecond or two: many, because the damage that loops is a few in a thousand flips.
  it.each([
    { name: 'plan.arrow', valid: () => plan, read: (b: Uint8Array) => fromPlanArrow(b, 'x.arrow') },
    { name: 'a profile table', valid: () => profile, read: (b: Uint8Array) => fromProfileArrowBytes(b, 'x.arrow') },
  ])('of $name: read, or an InputError from the structure check or the decoder, never the deadline', ({ valid, read }) => {
    let refused = 0;
    fc.assert(
      fc.property(flips(valid), (bytes) => {
        try {
          read(bytes);
        } catch (err) {
          if (!(err instanceof InputError)) throw err;
          expect(err.problems[0]?.file).toBe('x.arrow');
          expect(err.message).not.toMatch(/did not finish within/);
          refused++;
        }
      }),
      { seed: SEED, numRuns: 2_000 },
    );
    expect(refused).toBeGreaterThan(1_000);
  });
});

describe('withinDeadline', () => {
  it('returns the work\'s value and passes its errors through', () => {
    expect(withinDeadline(1_000, () => 42)).toBe(42);
    expect(() => withinDeadline(1_000, () => { throw new InputError({ message: 'x' }); })).toThrow(InputError);
  });

  it('ends a synchronous loop that never yields', () => {
    let turns = 0;
    expect(() =>
      withinDeadline(100, () => {
        for (;;) turns++;
      }),
    ).toThrow(DeadlineExceeded);
    expect(turns).toBeGreaterThan(0);
  });
});
