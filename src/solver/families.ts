/**
 * Bookkeeping of variable / constraint *families* (linopy-style blocks such as `n[...]` or
 * `demand[...]`): which indices belong to which family, and the `family[i,j]` naming scheme.
 */

export type IndexKey = readonly (string | number)[];

/**
 * Where a family's members sit. Members are usually added in one loop and then occupy
 * `first .. first+count-1`; when a formulation interleaves families, `contiguous` is false and
 * `first`/`count` only give the first member and the number of members.
 */
export interface FamilyRange {
  readonly first: number;
  readonly count: number;
  readonly contiguous: boolean;
}

interface MutableRange {
  first: number;
  count: number;
  last: number;
  contiguous: boolean;
}

/** `family[a,b]`, or just `family` for a scalar (empty index). */
export function memberName(family: string, index: IndexKey): string {
  return index.length === 0 ? family : `${family}[${index.join(',')}]`;
}

export function assertValidFamily(kind: string, family: string): void {
  if (typeof family !== 'string' || family.length === 0) {
    throw new TypeError(`${kind} family must be a non-empty string, got ${JSON.stringify(family)}`);
  }
}

export class FamilyTracker {
  private readonly ranges = new Map<string, MutableRange>();
  private frozen: ReadonlyMap<string, FamilyRange> | undefined;

  /** Records that member `position` (its global row/column index) belongs to `family`. */
  record(family: string, position: number): void {
    this.frozen = undefined;
    const r = this.ranges.get(family);
    if (r === undefined) {
      this.ranges.set(family, { first: position, count: 1, last: position, contiguous: true });
      return;
    }
    if (position !== r.last + 1) r.contiguous = false;
    r.count += 1;
    r.last = position;
  }

  /** A snapshot in first-use order; cached until the next `record`. */
  snapshot(): ReadonlyMap<string, FamilyRange> {
    if (this.frozen === undefined) {
      const out = new Map<string, FamilyRange>();
      for (const [name, r] of this.ranges) {
        out.set(name, Object.freeze({ first: r.first, count: r.count, contiguous: r.contiguous }));
      }
      this.frozen = out;
    }
    return this.frozen;
  }
}
