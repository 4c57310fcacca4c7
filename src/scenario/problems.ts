/** Collects every problem of a scenario before failing, each tied to its field path and line. */
import { InputError, type InputProblem } from '../core/errors.js';
import { formatFieldPath, type FieldPath, type YamlSource } from './yamlSource.js';

export class Problems {
  private readonly list: InputProblem[] = [];
  constructor(private readonly source: YamlSource) {}

  add(path: FieldPath, message: string, fix: string): void {
    const { line, column } = this.source.locate(path);
    this.list.push({ file: this.source.file, line, column, field: formatFieldPath(path), message, fix });
  }

  get count(): number {
    return this.list.length;
  }

  throwIfAny(): void {
    if (this.list.length > 0) throw new InputError(this.list);
  }
}
