/**
 * No module of src/ awaits at its top level. Any of them may be loaded in a worker thread of the pool
 * (src/parallel/), and terminating a worker while a module of it still evaluates a top-level await
 * aborts the whole process on Node 20: V8's fatal "Check failed: (location_) != nullptr" in
 * SourceTextModule::ExecuteAsyncModule, which took a CI run's test worker down with it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

/** Lines of the top-level awaits (and `for await`s) of a module's text: those outside every function. */
function topLevelAwaits(name: string, text: string): number[] {
  const source = ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true);
  const lines: number[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) || ts.isClassStaticBlockDeclaration(node)) return;
    if (ts.isAwaitExpression(node) || (ts.isForOfStatement(node) && node.awaitModifier !== undefined)) lines.push(source.getLineAndCharacterOfPosition(node.getStart()).line + 1);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return lines;
}

describe('worker-safe modules', () => {
  it('finds the top-level awaits it is meant to find', () => {
    expect(topLevelAwaits('probe.mjs', 'const a = await import("x");\nasync function f() { await g(); }\nfor await (const x of y) {}\nconst h = async () => await 1;\n')).toEqual([1, 3]);
  });

  it('no module of src/ awaits at its top level', () => {
    const files = (readdirSync(SRC, { recursive: true }) as string[]).filter((f) => /\.(?:ts|mts|mjs|js)$/.test(f) && !f.endsWith('.d.ts'));
    expect(files.length).toBeGreaterThan(100);
    const offending = files.flatMap((f) => topLevelAwaits(f, readFileSync(join(SRC, f), 'utf8')).map((line) => `src/${f}:${line}`));
    expect(offending).toEqual([]);
  });
});
