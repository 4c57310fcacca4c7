/**
 * Distinct strings of a column (service, class) → small integer ids, looked up from bytes without
 * decoding a string per row: rows of one service usually follow each other, so the last hit is
 * checked first, then an FNV-1a hash of the bytes.
 */
export class NameTable {
  readonly names: string[] = [];
  private readonly encoded: Uint8Array[] = [];
  private readonly byHash = new Map<number, number[]>();
  private last = -1;
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();

  constructor(initial: readonly string[] = [], readonly maxSize = 65_535) {
    for (const name of initial) this.addString(name);
  }

  /** Id of buf[start, end), or -1 when unknown. */
  lookup(buf: Uint8Array, start: number, end: number): number {
    if (this.last >= 0 && sameBytes(this.encoded[this.last] as Uint8Array, buf, start, end)) return this.last;
    const candidates = this.byHash.get(hashBytes(buf, start, end));
    if (candidates) {
      for (const id of candidates) {
        if (sameBytes(this.encoded[id] as Uint8Array, buf, start, end)) return (this.last = id);
      }
    }
    return -1;
  }

  lookupString(name: string): number {
    const bytes = this.encoder.encode(name);
    return this.lookup(bytes, 0, bytes.length);
  }

  /** Add buf[start, end) (not yet present); returns its id, or -1 when the table is full. */
  add(buf: Uint8Array, start: number, end: number): number {
    return this.addString(this.decoder.decode(buf.subarray(start, end)));
  }

  addString(name: string): number {
    if (this.names.length >= this.maxSize) return -1;
    const bytes = this.encoder.encode(name);
    const id = this.names.length;
    this.names.push(name);
    this.encoded.push(bytes);
    const h = hashBytes(bytes, 0, bytes.length);
    const list = this.byHash.get(h);
    if (list) list.push(id);
    else this.byHash.set(h, [id]);
    return id;
  }
}

function hashBytes(buf: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ (buf[i] as number), 0x01000193);
  return h >>> 0;
}

function sameBytes(a: Uint8Array, buf: Uint8Array, start: number, end: number): boolean {
  if (a.length !== end - start) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== buf[start + i]) return false;
  return true;
}
