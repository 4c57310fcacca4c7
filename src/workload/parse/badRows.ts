/** Problems of a trace's rows: thrown at the first one, or (skipBadRows) counted with a few examples kept. */
import { InputError, type InputProblem } from '../../core/errors.js';

const MAX_EXAMPLES = 5;

export class BadRows {
  count = 0;
  readonly examples: InputProblem[] = [];

  constructor(
    private readonly file: string,
    /** Header names by column, for the problem's field. */
    private readonly columns: readonly string[],
    private readonly skip: boolean,
  ) {}

  report(line: number, column: number, message: string, fix: string): void {
    const problem: InputProblem = { file: this.file, line, field: this.columns[column] ?? `column ${column + 1}`, message, fix };
    if (!this.skip) throw new InputError(problem);
    this.count++;
    if (this.examples.length < MAX_EXAMPLES) this.examples.push(problem);
  }
}

/** Position just after the line that contains p (or past limit). */
export function afterLine(buf: Uint8Array, p: number, limit: number): number {
  let q = p;
  while (q < limit && buf[q] !== 10) q++;
  return q + 1;
}
