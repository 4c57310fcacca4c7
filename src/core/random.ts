/**
 * Seeded randomness for everything stochastic (synthetic traces, routing, mispredictions): one
 * generator per use, created from the user's seed, never Math.random — same seed, same outputs.
 * Uniform bits come from pure-rand's xoroshiro128+; the distributions are textbook transforms.
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';

export interface Rng {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Exponential with the given rate (mean 1/rate). */
  exponential(rate: number): number;
  /** Gamma(shape, scale) by Marsaglia–Tsang (shape < 1 via the boosting identity). */
  gamma(shape: number, scale: number): number;
  /** Standard normal (Box–Muller, one value per call). */
  normal(): number;
  /** Integer uniform in [0, n). */
  int(n: number): number;
}

/** A generator for `seed` and a named stream, so independent uses do not share a sequence. */
export function createRng(seed: number, stream = ''): Rng {
  let mixed = seed >>> 0;
  for (let i = 0; i < stream.length; i++) mixed = Math.imul(mixed ^ stream.charCodeAt(i), 0x9e3779b1) >>> 0;
  // Small consecutive seeds make similar initial states: scramble the seed, then discard a few outputs.
  const gen = xoroshiro128plus(scramble(mixed) | 0);
  for (let i = 0; i < 16; i++) gen.next();
  const uniform = () => uniformFloat64(gen);
  const normal = () => {
    const u = 1 - uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
  const gamma = (shape: number, scale: number): number => {
    if (shape < 1) return gamma(shape + 1, scale) * Math.pow(1 - uniform(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const x = normal();
      const v = Math.pow(1 + c * x, 3);
      if (v <= 0) continue;
      const u = 1 - uniform();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v * scale;
    }
  };
  return {
    uniform,
    exponential: (rate) => -Math.log(1 - uniform()) / rate,
    gamma,
    normal,
    int: (n) => Math.floor(uniform() * n),
  };
}

/** A 32-bit finalizer (MurmurHash3's fmix32): spreads nearby seeds over the whole state space. */
function scramble(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
