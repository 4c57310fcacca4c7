/** Generation directories behind a symlink (src/outdir/generations.ts). */
import { lstatSync, mkdirSync, rmSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { outDirKind, writeGeneration } from '../../src/outdir/generations.js';
import { readSealed } from '../../src/outdir/sealedDir.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'llmcap-gen-'));

describe('writeGeneration', () => {
  it('points the directory at a sealed generation, carries over files it does not rewrite, and removes the replaced one', async () => {
    const parent = fresh();
    const out = join(parent, 'day');
    expect(await writeGeneration(out, [{ name: 'plan.csv', data: 'a' }, { name: 'windows.csv', data: 'w' }])).toBe(true);
    const first = readlinkSync(out);
    expect(await writeGeneration(`${out}/`, [{ name: 'plan.csv', data: 'b' }])).toBe(true);
    expect(lstatSync(out).isSymbolicLink()).toBe(true);
    expect(readlinkSync(out)).not.toBe(first);
    expect(readFileSync(join(out, 'plan.csv'), 'utf8')).toBe('b');
    expect(readFileSync(join(out, 'windows.csv'), 'utf8')).toBe('w');
    expect((await readSealed(out, { verify: true }))?.files.map((f) => f.path)).toEqual(['plan.csv', 'windows.csv']);
    expect(readdirSync(parent).sort()).toEqual([readlinkSync(out), 'day'].sort());
    // The generation deleted by hand: the next run still writes a whole set.
    rmSync(join(parent, readlinkSync(out)), { recursive: true });
    expect(await writeGeneration(out, [{ name: 'plan.csv', data: 'c' }])).toBe(true);
    expect(readdirSync(out).sort()).toEqual(['manifest.json', 'plan.csv']);
  });

  it('moves a plain directory of llmcap files aside once; leaves a directory holding other files to the caller', async () => {
    const parent = fresh();
    const owned = join(parent, 'old');
    mkdirSync(owned);
    writeFileSync(join(owned, 'plan.csv'), 'old');
    writeFileSync(join(owned, 'replay.json'), '{}');
    mkdirSync(join(owned, 'compare'));
    writeFileSync(join(owned, 'compare', 'compare.csv'), 'c');
    expect(outDirKind(owned)).toBe('owned');
    expect(await writeGeneration(owned, [{ name: 'plan.csv', data: 'new' }])).toBe(true);
    expect(outDirKind(owned)).toBe('generation');
    expect(readFileSync(join(owned, 'replay.json'), 'utf8')).toBe('{}');
    expect(readFileSync(join(owned, 'compare', 'compare.csv'), 'utf8')).toBe('c');
    const foreign = join(parent, 'mine');
    mkdirSync(foreign);
    writeFileSync(join(foreign, 'notes.txt'), 'mine');
    expect(outDirKind(foreign)).toBe('foreign');
    expect(await writeGeneration(foreign, [{ name: 'plan.csv', data: 'x' }])).toBe(false);
    expect(readdirSync(foreign)).toEqual(['notes.txt']);
  });
});
