/**
 * A deadline for synchronous work that a damaged input could send into a loop (a third-party decoder,
 * say): node:vm's `timeout` interrupts whatever JavaScript runs inside the call, functions of this
 * realm included, and throws, so the command ends with an error instead of hanging. No event-loop
 * turn is needed, unlike a timer or a signal. A worker thread would do the same at ~100 ms a start;
 * this costs well under a millisecond.
 */
import { Script, createContext } from 'node:vm';

/** The work did not finish in time; what it was doing was abandoned. */
export class DeadlineExceeded extends Error {
  constructor(readonly ms: number) {
    super(`did not finish within ${ms} ms`);
    this.name = 'DeadlineExceeded';
  }
}

const call = new Script('run()');
const context = createContext({ run: (): void => undefined });

/** `work()`, or DeadlineExceeded once it has run `ms` milliseconds; its own errors pass through. */
export function withinDeadline<T>(ms: number, work: () => T): T {
  let result: { value: T } | undefined;
  context.run = () => {
    result = { value: work() };
  };
  try {
    call.runInContext(context, { timeout: ms });
  } catch (err) {
    if ((err as { code?: unknown })?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw new DeadlineExceeded(ms);
    throw err;
  } finally {
    context.run = () => undefined;
  }
  if (result === undefined) throw new DeadlineExceeded(ms);
  return result.value;
}
