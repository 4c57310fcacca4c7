/**
 * Immutable linear expressions Σ coef·var + constant, stored as two parallel number arrays.
 *
 * Formulation code tends to grow expressions in loops (`e = e.plus(x)`), which is quadratic if every
 * step copies. So an expression is a *prefix view* (`length`) of a shared, append-only buffer: `plus`
 * appends in place when the receiver is the newest view of its buffer and copies only when an older
 * view is extended (a fork). Older views never see later terms, so every LinExpr stays immutable.
 * Reading `vars`/`coefs` hands out the buffer itself (no copy) and seals it, so arrays a caller holds
 * never change afterwards.
 */

/** The part of a variable an expression needs; `Var` from model.ts satisfies it. */
export interface VarLike {
  readonly index: number;
}

type Operand = LinExpr | VarLike | number;

/** Shared growable storage; `length` of a view never exceeds the arrays' length. */
interface TermBuffer {
  readonly vars: number[];
  readonly coefs: number[];
  /** Set once the arrays were handed out through `vars`/`coefs`: from then on appends must fork. */
  sealed?: boolean;
}

export class LinExpr {
  private readonly buf: TermBuffer;
  private readonly len: number;
  readonly constant: number;
  // Exact-length copies for views that are no longer the whole buffer; made once, on demand.
  private varsView: readonly number[] | undefined;
  private coefsView: readonly number[] | undefined;

  private constructor(buf: TermBuffer, len: number, constant: number) {
    this.buf = buf;
    this.len = len;
    this.constant = constant;
  }

  static zero(): LinExpr {
    return new LinExpr({ vars: [], coefs: [] }, 0, 0);
  }

  static constant(c: number): LinExpr {
    return new LinExpr({ vars: [], coefs: [] }, 0, c);
  }

  static of(v: VarLike, coef = 1): LinExpr {
    return new LinExpr({ vars: [v.index], coefs: [coef] }, 1, 0);
  }

  /** Σ items in one pass; accepts expressions and bare variables. */
  static sum(items: Iterable<LinExpr | VarLike>): LinExpr {
    const vars: number[] = [];
    const coefs: number[] = [];
    let constant = 0;
    for (const item of items) {
      if (item instanceof LinExpr) {
        LinExpr.appendTerms(vars, coefs, item, 1);
        constant += item.constant;
      } else {
        vars.push(item.index);
        coefs.push(1);
      }
    }
    return new LinExpr({ vars, coefs }, vars.length, constant);
  }

  /** Σ coef·v in one pass. */
  static weighted(pairs: Iterable<{ readonly coef: number; readonly v: VarLike }>): LinExpr {
    const vars: number[] = [];
    const coefs: number[] = [];
    for (const { coef, v } of pairs) {
      vars.push(v.index);
      coefs.push(coef);
    }
    return new LinExpr({ vars, coefs }, vars.length, 0);
  }

  /**
   * Zero-copy read access for lowering: the first `length` entries of the arrays are this
   * expression's terms. Callers must read synchronously and never write or retain the arrays.
   * @internal
   */
  static unsafeTerms(e: LinExpr): { readonly vars: readonly number[]; readonly coefs: readonly number[]; readonly length: number } {
    return { vars: e.buf.vars, coefs: e.buf.coefs, length: e.len };
  }

  /** Number of stored terms (duplicates of one variable count separately until lowering). */
  get termCount(): number {
    return this.len;
  }

  get vars(): readonly number[] {
    if (this.len === this.buf.vars.length) {
      this.buf.sealed = true;
      return this.buf.vars;
    }
    return (this.varsView ??= this.buf.vars.slice(0, this.len));
  }

  get coefs(): readonly number[] {
    if (this.len === this.buf.coefs.length) {
      this.buf.sealed = true;
      return this.buf.coefs;
    }
    return (this.coefsView ??= this.buf.coefs.slice(0, this.len));
  }

  plus(other: Operand): LinExpr {
    return this.combine(other, 1);
  }

  minus(other: Operand): LinExpr {
    return this.combine(other, -1);
  }

  times(k: number): LinExpr {
    const vars = this.buf.vars.slice(0, this.len);
    const coefs = new Array<number>(this.len);
    for (let i = 0; i < this.len; i++) coefs[i] = (this.buf.coefs[i] as number) * k;
    return new LinExpr({ vars, coefs }, this.len, this.constant * k);
  }

  /** Human-readable form for messages and debugging, e.g. `2*#0 - #3 + 5`. */
  toString(nameOf: (index: number) => string = (i) => `#${i}`): string {
    const parts: string[] = [];
    for (let i = 0; i < this.len; i++) {
      const c = this.buf.coefs[i] as number;
      const name = nameOf(this.buf.vars[i] as number);
      const mag = Math.abs(c) === 1 ? name : `${Math.abs(c)}*${name}`;
      parts.push(parts.length === 0 ? (c < 0 ? `-${mag}` : mag) : c < 0 ? `- ${mag}` : `+ ${mag}`);
    }
    if (this.constant !== 0 || parts.length === 0) {
      const k = this.constant;
      parts.push(parts.length === 0 ? `${k}` : k < 0 ? `- ${-k}` : `+ ${k}`);
    }
    return parts.join(' ');
  }

  private combine(other: Operand, sign: 1 | -1): LinExpr {
    if (typeof other === 'number') {
      // Same terms, new constant: share the buffer without touching it.
      return new LinExpr(this.buf, this.len, this.constant + sign * other);
    }
    const buf = this.ownedBufferForAppend();
    if (other instanceof LinExpr) {
      LinExpr.appendTerms(buf.vars, buf.coefs, other, sign);
      return new LinExpr(buf, buf.vars.length, this.constant + sign * other.constant);
    }
    buf.vars.push(other.index);
    buf.coefs.push(sign);
    return new LinExpr(buf, buf.vars.length, this.constant);
  }

  /** The shared buffer if nobody has appended past this view yet, else a private copy (a fork). */
  private ownedBufferForAppend(): TermBuffer {
    if (this.len === this.buf.vars.length && this.buf.sealed !== true) return this.buf;
    return { vars: this.buf.vars.slice(0, this.len), coefs: this.buf.coefs.slice(0, this.len) };
  }

  /** Copies `sign * src` terms onto the end of the target arrays. */
  private static appendTerms(vars: number[], coefs: number[], src: LinExpr, sign: 1 | -1): void {
    // n is captured before the target grows, so appending an expression to itself (e.plus(e)) is safe.
    const n = src.len;
    for (let i = 0; i < n; i++) {
      vars.push(src.buf.vars[i] as number);
      coefs.push(sign * (src.buf.coefs[i] as number));
    }
  }
}
