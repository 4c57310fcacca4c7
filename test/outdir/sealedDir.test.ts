import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitDir, createStaging, discardStaging, MANIFEST_FILE, readSealed, removeLeftovers, sealDir } from '../../src/outdir/sealedDir.js';

async function filled(finalDir: string, content: string): Promise<string> {
  const staging = await createStaging(finalDir);
  writeFileSync(join(staging, 'a.txt'), content);
  mkdirSync(join(staging, 'sub'));
  writeFileSync(join(staging, 'sub', 'b.bin'), Buffer.from([1, 2, 3]));
  return staging;
}

describe('sealed directories', () => {
  it('appear under their final name only once sealed and committed, manifest listing every file', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'llmcap-sealed-'));
    const finalDir = join(parent, 'v0001');
    const staging = await filled(finalDir, 'one');
    expect(existsSync(finalDir)).toBe(false);
    const manifest = await sealDir(staging, 'key-1');
    expect(manifest.files.map((f) => [f.path, f.bytes])).toEqual([['a.txt', 3], ['sub/b.bin', 3]]);
    commitDir(staging, finalDir);
    expect(readdirSync(parent)).toEqual(['v0001']);
    expect(JSON.parse(readFileSync(join(finalDir, MANIFEST_FILE), 'utf8')).key).toBe('key-1');
    expect(await readSealed(finalDir, { key: 'key-1', verify: true })).toEqual(manifest);
  });

  it('are not reused when the key differs, the manifest is missing or a file changed', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'llmcap-sealed-'));
    const finalDir = join(parent, 'v0001');
    const staging = await filled(finalDir, 'one');
    await sealDir(staging, 'k');
    commitDir(staging, finalDir);
    expect(await readSealed(finalDir, { key: 'other' })).toBeUndefined();
    writeFileSync(join(finalDir, 'a.txt'), 'two'); // same size, other bytes
    expect(await readSealed(finalDir, { key: 'k' })).toBeDefined();
    expect(await readSealed(finalDir, { key: 'k', verify: true })).toBeUndefined();
    writeFileSync(join(finalDir, 'a.txt'), 'three');
    expect(await readSealed(finalDir, { key: 'k' })).toBeUndefined();
    const unsealed = await filled(join(parent, 'v0002'), 'x');
    expect(await readSealed(unsealed)).toBeUndefined();
  });

  it('replace an older directory in one step, and leftovers of killed runs are removed by name', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'llmcap-sealed-'));
    const finalDir = join(parent, 'v0001');
    const first = await filled(finalDir, 'one');
    await sealDir(first, 'k1');
    commitDir(first, finalDir);
    const second = await filled(finalDir, 'second');
    await sealDir(second, 'k2');
    commitDir(second, finalDir);
    expect(readdirSync(parent)).toEqual(['v0001']);
    expect(readFileSync(join(finalDir, 'a.txt'), 'utf8')).toBe('second');
    // A killed run's staging directories: this shard's (v0003) go, another name's stay.
    mkdirSync(join(parent, '.v0003.tmp-otherhost-1-0-0'));
    mkdirSync(join(parent, '.v0003.old-otherhost-1-0-1'));
    mkdirSync(join(parent, '.v0004.tmp-otherhost-1-0-2'));
    expect(await removeLeftovers(parent, new Set(['v0001', 'v0003']))).toBe(2);
    expect(readdirSync(parent).sort()).toEqual(['.v0004.tmp-otherhost-1-0-2', 'v0001']);
    const dropped = await filled(join(parent, 'v0005'), 'x');
    await discardStaging(dropped);
    expect(existsSync(dropped)).toBe(false);
  });
});
