import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { inShard, parseShard, shardFrom } from '../../src/sweep/index.js';

describe('shards', () => {
  it('every variant falls in exactly one shard, and the shards differ in size by at most one', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 40 }), (variants, count) => {
      const sizes = new Array<number>(count).fill(0);
      for (let v = 0; v < variants; v++) {
        const holders = Array.from({ length: count }, (_, index) => index).filter((index) => inShard(v, { index, count }));
        expect(holders).toHaveLength(1);
        sizes[holders[0] as number]! += 1;
      }
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }));
  });

  it('reads --shard i/n, or the Indexed Job index with --shards n', () => {
    expect(parseShard('1/3')).toEqual({ index: 1, count: 3 });
    expect(shardFrom({ shard: '2/3' }, {})).toEqual({ index: 2, count: 3 });
    expect(shardFrom({ shards: 4 }, { JOB_COMPLETION_INDEX: '3' })).toEqual({ index: 3, count: 4 });
    expect(shardFrom({}, {})).toEqual({ index: 0, count: 1 });
  });

  it('refuses what cannot be a shard, saying what to give', () => {
    for (const bad of ['3/3', '1', '-1/3', '0/0', 'a/b']) expect(() => parseShard(bad)).toThrow(InputError);
    expect(() => shardFrom({ shards: 4 }, {})).toThrow(/JOB_COMPLETION_INDEX, which is not set/);
    expect(() => shardFrom({}, { JOB_COMPLETION_INDEX: '0' })).toThrow(/number of shards is not given/);
    expect(() => shardFrom({ shards: 2 }, { JOB_COMPLETION_INDEX: '2' })).toThrow(InputError);
    expect(() => shardFrom({ shard: '0/2', shards: 2 }, {})).toThrow(/both given/);
  });
});
