/** The pool's worker entry (piscina calls the default export once per task). */
import { runHere, type TaskName } from './tasks.js';

export interface TaskMessage {
  readonly name: TaskName;
  readonly input: unknown;
}

export default async function runTask(message: TaskMessage): Promise<unknown> {
  return runHere(message.name, message.input as never);
}
