/**
 * YAML text → plain data plus a locator that maps a field path back to its line, so every error
 * about a scenario can name the file, the line and the field.
 */
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { InputError, type InputProblem } from '../core/errors.js';

export type FieldPath = readonly (string | number)[];

export interface YamlSource {
  readonly file: string;
  readonly data: unknown;
  /** Line and column (1-based) of the deepest node on `path` that exists in the file. */
  locate(path: FieldPath): { line?: number; column?: number };
}

export function formatFieldPath(path: FieldPath): string {
  return path.reduce<string>(
    (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${key}` : String(key)),
    '',
  );
}

export function fromYamlText(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new InputError(
      doc.errors.map((e): InputProblem => {
        const offset = e.pos[0];
        const pos = lineCounter.linePos(offset);
        return {
          file,
          line: pos.line,
          column: pos.col,
          message: `YAML syntax error: ${firstLine(e.message)}`,
          fix: 'correct the YAML syntax at that line (indentation, a missing colon, an unclosed bracket or quote)',
        };
      }),
    );
  }
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  return { file, data, locate: (path) => locateIn(doc, lineCounter, path) };
}

function locateIn(doc: Document, lineCounter: LineCounter, path: FieldPath): { line?: number; column?: number } {
  // Walk up from the full path until a node exists: a missing field is reported at its parent.
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) {
      const pos = lineCounter.linePos(node.range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  return {};
}

function firstLine(message: string): string {
  return message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? message;
}
