/**
 * A task the pool runs: a function exported by a module, named by the module's URL and the export,
 * so the pool knows nothing of its callers (sweep variants now, issue 18's replays later). Inputs and
 * outputs are plain data (structured clone), never class instances or functions.
 */
export interface TaskRef<I, O> {
  /** URL of the module, as `new URL('./mod.js', import.meta.url).href` gives it (tsx maps .js to .ts). */
  readonly module: string;
  readonly name: string;
  /** Types only: what the task takes and gives. */
  readonly __types?: (input: I) => O;
}

/** A task: `export async function name(input: I): Promise<O>` in the module at `url`. */
export function taskRef<I, O>(url: URL, name: string): TaskRef<I, O> {
  return { module: url.href, name };
}

/** Run a task in this thread. */
export async function runHere<I, O>(task: Pick<TaskRef<I, O>, 'module' | 'name'>, input: I): Promise<O> {
  const mod = (await import(task.module)) as Record<string, unknown>;
  const fn = mod[task.name];
  if (typeof fn !== 'function') throw new Error(`internal: ${task.module} exports no function '${task.name}'`);
  return (await (fn as (input: I) => Promise<O>)(input)) as O;
}
