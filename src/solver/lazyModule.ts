/**
 * Loading helpers for the solver libraries: each WASM runtime is instantiated at most once per
 * process, and only when a solve first needs it.
 */

/** Caches the loader promise; a failed load is forgotten so a later call can retry. */
export function once<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= load().catch((err: unknown) => {
      pending = undefined;
      throw err;
    });
    return pending;
  };
}

/**
 * The default export of a dynamically imported package as a function. Packages that ship CommonJS
 * typings but an ESM build (highs) make TypeScript and Node disagree on what `default` is, so accept
 * both `mod.default` and `mod.default.default`.
 */
export function defaultExportFunction<F extends (...args: never[]) => unknown>(mod: unknown, pkg: string): F {
  const first = (mod as { default?: unknown } | undefined)?.default;
  if (typeof first === 'function') return first as F;
  const second = (first as { default?: unknown } | undefined)?.default;
  if (typeof second === 'function') return second as F;
  throw new Error(`package '${pkg}' has no callable default export`);
}
