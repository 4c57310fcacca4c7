/** Collects every problem of a scenario before failing, each tied to its field path and line. */
import { InputError, type InputProblem } from '../core/errors.js';
import { formatFieldPath, type FieldPath, type YamlSource } from './yamlSource.js';

export class Problems {
  private readonly list: InputProblem[] = [];
  constructor(private readonly source: YamlSource) {}

  /** Adds a problem; the same problem found again (a service default checked for each of its classes) is listed once. */
  add(path: FieldPath, message: string, fix: string): void {
    const field = formatFieldPath(path);
    if (this.list.some((p) => p.field === field && p.message === message)) return;
    const { line, column } = this.source.locate(path);
    this.list.push({ file: this.source.file, line, column, field, message, fix });
  }

  get count(): number {
    return this.list.length;
  }

  throwIfAny(): void {
    if (this.list.length > 0) throw new InputError(this.list);
  }
}
