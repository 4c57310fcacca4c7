/**
 * Typed errors crossing module boundaries. The CLI entry maps each kind to a documented exit code;
 * nothing below cli/ calls process.exit.
 */

/** Where in an input file a problem sits: the file, a dotted field path and, when known, the line. */
export interface InputLocation {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly field?: string;
}

export interface InputProblem extends InputLocation {
  readonly message: string;
  /** What the user should change, in one sentence. */
  readonly fix?: string;
}

/** Bad user input: malformed YAML, schema violations, unknown names, NaN, negative rates, ... */
export class InputError extends Error {
  readonly problems: readonly InputProblem[];
  constructor(problems: InputProblem | readonly InputProblem[]) {
    const list = Array.isArray(problems) ? (problems as readonly InputProblem[]) : [problems as InputProblem];
    super(list.map(formatProblem).join('\n'));
    this.name = 'InputError';
    this.problems = list;
  }
}

/** The demand cannot be met under the scenario's constraints; says where and by how much. */
export class InfeasibleError extends Error {
  readonly details: readonly string[];
  constructor(summary: string, details: readonly string[] = []) {
    super([summary, ...details.map((d) => `  - ${d}`)].join('\n'));
    this.name = 'InfeasibleError';
    this.details = details;
  }
}

/** A solver limit ran out before any feasible plan was found; nothing was written. */
export class SolverLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SolverLimitError';
  }
}

/** A bug in llmcap, never the user's fault. */
export class InternalError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InternalError';
  }
}

export function formatProblem(p: InputProblem): string {
  // file:line:column, the form editors and terminals turn into links.
  const where = [p.file, p.line, p.line !== undefined ? p.column : undefined].filter((s) => s !== undefined).join(':');
  const field = p.field ? ` ${p.field}:` : '';
  const fix = p.fix ? ` Fix: ${p.fix}` : '';
  // One full stop after the message, whether or not it ends in one (a global '..' → '.' replace would mangle '../' paths).
  const message = /[.?!]$/.test(p.message) ? p.message : `${p.message}.`;
  return `${where ? `${where}:` : ''}${field} ${message}${fix}`.trim();
}
