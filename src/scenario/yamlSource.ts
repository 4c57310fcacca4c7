/**
 * YAML text → plain data plus a locator that maps a field path back to its line, so every error
 * about a scenario can name the file, the line and the field.
 */
import { isCollection, isNode, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document } from 'yaml';
import { InputError, type InputProblem } from '../core/errors.js';

export type FieldPath = readonly (string | number)[];

export interface YamlSource {
  readonly file: string;
  readonly data: unknown;
  /** Line and column (1-based) of the deepest node on `path` that exists in the file. */
  locate(path: FieldPath): { line?: number; column?: number };
}

/**
 * Limits that keep hostile YAML from exhausting memory or the stack, far above what any scenario
 * needs (they nest 5–6 levels, and anchors are rare): alias expansions (the YAML library's own
 * resource-exhaustion guard) and nesting depth.
 */
export const YAML_MAX_ALIAS_COUNT = 100;
export const YAML_MAX_DEPTH = 64;

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
        if (e.code === 'DUPLICATE_KEY') {
          // Named apart from other syntax errors: the YAML is well formed, and the field is known.
          const located = duplicateKeyAt(doc, offset);
          const key = located?.key ?? text.slice(offset).split(/[:\n]/)[0]?.trim() ?? '';
          return {
            file,
            line: pos.line,
            column: pos.col,
            field: located?.field ?? key,
            message: `the key '${key}' appears twice in the same mapping`,
            fix: 'keep one of them: a key may appear only once in a mapping',
          };
        }
        if (/call stack/i.test(e.message)) return tooDeep(file, pos.line, pos.col);
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
  const deep = deepestNode(doc);
  if (deep) {
    const pos = lineCounter.linePos(deep);
    throw new InputError(tooDeep(file, pos.line, pos.col));
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: YAML_MAX_ALIAS_COUNT });
  } catch (err) {
    // The library's guard against alias bombs (anchors whose aliases expand exponentially).
    if (err instanceof ReferenceError && /alias/i.test(err.message)) {
      throw new InputError({
        file,
        field: 'aliases',
        message: `the YAML's aliases (*name references to &name anchors) expand more than ${YAML_MAX_ALIAS_COUNT} times: the document would grow without bound`,
        fix: `write the repeated values out, or use fewer aliases (at most ${YAML_MAX_ALIAS_COUNT} expansions)`,
      });
    }
    throw err;
  }
  return { file, data, locate: (path) => locateIn(doc, lineCounter, path) };
}

function tooDeep(file: string, line: number, column: number): InputProblem {
  return {
    file,
    line,
    column,
    message: `the YAML nests more than ${YAML_MAX_DEPTH} levels deep (llmcap's files nest about 6)`,
    fix: 'look for runaway brackets or indentation near that line: every field of a scenario, designs, grid or deployment file is a few levels from the top',
  };
}

/** Offset of the first node deeper than YAML_MAX_DEPTH, if any; iterative, so depth cannot overflow the stack here. */
function deepestNode(doc: Document): number | undefined {
  const stack: { node: unknown; depth: number }[] = [{ node: doc.contents, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop() as { node: unknown; depth: number };
    if (!isCollection(node)) continue;
    if (depth >= YAML_MAX_DEPTH) return node.range?.[0] ?? 0;
    for (const item of node.items) {
      if (isPair(item)) {
        stack.push({ node: item.key, depth: depth + 1 });
        stack.push({ node: item.value, depth: depth + 1 });
      } else stack.push({ node: item, depth: depth + 1 });
    }
  }
  return undefined;
}

/** The mapping key that starts at `offset` (a duplicate key) and its dotted path, if the parser kept it. */
function duplicateKeyAt(doc: Document, offset: number): { key: string; field: string } | undefined {
  let found: { key: string; field: string } | undefined;
  visit(doc, {
    Pair(_, pair, ancestors) {
      if (!isNode(pair.key) || pair.key.range?.[0] !== offset) return undefined;
      const path: (string | number)[] = [];
      const chain = [...ancestors, pair];
      chain.forEach((node, i) => {
        const child = chain[i + 1];
        if (isSeq(node) && child !== undefined) path.push(node.items.indexOf(child as never));
        if (isPair(node)) path.push(isScalar(node.key) ? String(node.key.value) : String(node.key));
      });
      found = { key: String(path[path.length - 1] ?? ''), field: formatFieldPath(path) };
      return visit.BREAK;
    },
  });
  return found;
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
