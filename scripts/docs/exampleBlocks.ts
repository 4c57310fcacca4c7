/**
 * Example blocks in Markdown: the text between `<!-- example: ID -->` and `<!-- /example -->` (a
 * command and what it printed) or `<!-- generated: ID -->` and `<!-- /generated -->` (a table made
 * from the code's own declarations). `npm run docs:examples` rewrites them; its check compares them
 * with values that change from run to run (timings, the run's rate) masked on both sides.
 */

export type BlockKind = 'example' | 'generated';

export interface Block {
  readonly kind: BlockKind;
  readonly id: string;
  /** Text between the opening and closing markers, without the newlines right after/before them. */
  readonly body: string;
  /** Offset of the body in the file, and of the closing marker. */
  readonly start: number;
  readonly closeAt: number;
  /** 1-based line of the opening marker. */
  readonly line: number;
}

const OPEN = /<!-- (example|generated): ([\w.-]+) -->\n/g;

export function findBlocks(text: string, file = 'the file'): Block[] {
  const blocks: Block[] = [];
  for (const m of text.matchAll(OPEN)) {
    const kind = m[1] as BlockKind;
    const id = m[2] as string;
    const start = (m.index ?? 0) + m[0].length;
    const close = `<!-- /${kind} -->`;
    const end = text.indexOf(close, start);
    const line = text.slice(0, m.index).split('\n').length;
    if (end < 0) throw new Error(`${file}:${line}: <!-- ${kind}: ${id} --> has no closing ${close}`);
    const nextOpen = text.slice(start, end).search(/<!-- (example|generated): /);
    if (nextOpen >= 0) throw new Error(`${file}:${line}: <!-- ${kind}: ${id} --> is not closed before the next block opens`);
    const body = text.slice(start, end);
    blocks.push({ kind, id, body: body.endsWith('\n') ? body.slice(0, -1) : body, start, closeAt: end, line });
  }
  return blocks;
}

/** The text with the bodies of the given blocks replaced (ids not in `bodies` are left as they are). */
export function replaceBlocks(text: string, bodies: ReadonlyMap<string, string>, file = 'the file'): string {
  let out = '';
  let at = 0;
  for (const b of findBlocks(text, file)) {
    const body = bodies.get(`${b.kind}:${b.id}`);
    if (body === undefined) continue;
    out += `${text.slice(at, b.start)}${body}\n`;
    at = b.closeAt;
  }
  return out + text.slice(at);
}

/**
 * Values that differ between two runs of the same command on the same inputs: wall-clock times and
 * what is derived from them. Each pattern matches the varying text only (lookarounds hold the
 * context), so everything around it is still compared.
 */
export const RUN_DEPENDENT: readonly RegExp[] = [
  // plan: "Solve: highs, fleet-decomposition, optimal; …, gap 0.42 %, 2.8 s, 70 MILP(s)"
  /\d[\d,]*(?:\.\d+)? s(?=, \d+ MILP)/g,
  // plan: "…; repair: 0 of 3 round(s) on 23 distinct windows, 0 of the replayed cells missed; most headroom at a pool's peak 62 % (…), 2.4 s" (also the baseline's, in parentheses)
  /(?<=repair: \d+ of \d+ round\(s\) on [^;\n]*?(?:; (?:repair cost|most headroom at a pool's peak) [^\n]*?)*, )\d[\d,]*(?:\.\d+)? s(?=$|\)| \(stopped)/gm,
  // simulate: "Replayed 755,278 requests in 1.7 s (442,475 req/s)"
  /(?<=requests in )\d[\d,]*(?:\.\d+)? s \(\d[\d,]*(?:\.\d+)? req\/s\)/g,
  // sweep: "llmcap sweep: 12 variants of … × …; 2 workers, 69.8 s"
  /(?<=; \d+ workers?, )\d[\d,]*(?:\.\d+)? s$/gm,
  // --json: solve seconds and the replay's wall time
  /(?<="(?:seconds|wallSeconds)": ?)-?\d+(?:\.\d+)?(?:e[+-]?\d+)?/g,
];

export const MASK = '‹run-dependent›';

export function mask(text: string, patterns: readonly RegExp[] = RUN_DEPENDENT): string {
  return patterns.reduce((t, p) => t.replace(p, MASK), text);
}

/** First line where two texts differ after masking, for the check's report; undefined when they agree. */
export function firstDifference(committed: string, fresh: string, patterns: readonly RegExp[] = RUN_DEPENDENT): { line: number; committed: string; fresh: string } | undefined {
  const a = mask(committed, patterns).split('\n');
  const b = mask(fresh, patterns).split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return { line: i + 1, committed: a[i] ?? '(end of block)', fresh: b[i] ?? '(end of output)' };
  }
  return undefined;
}
