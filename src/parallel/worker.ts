/** The pool's worker entry (piscina calls the default export once per task). */
import { runHere, warmUp, type TaskName } from './tasks.js';

// Load the tasks' modules as soon as the worker starts, not when the first task arrives: the main
// thread is still preparing the work meanwhile. Not awaited: a task that comes first just waits for them.
warmUp();

export interface TaskMessage {
  readonly name: TaskName;
  readonly input: unknown;
}

export default async function runTask(message: TaskMessage): Promise<unknown> {
  return runHere(message.name, message.input as never);
}
