/** A FIFO of int32 (request slots) on a growable ring buffer: an instance's wait queue without shifting arrays. */
export class IntQueue {
  private buf = new Int32Array(16);
  private head = 0;
  private n = 0;

  get length(): number {
    return this.n;
  }

  /** The oldest element; only valid when length > 0. */
  peek(): number {
    return this.buf[this.head] as number;
  }

  push(v: number): void {
    if (this.n === this.buf.length) {
      const next = new Int32Array(this.n * 2);
      for (let i = 0; i < this.n; i++) next[i] = this.buf[(this.head + i) % this.n] as number;
      this.buf = next;
      this.head = 0;
    }
    this.buf[(this.head + this.n) % this.buf.length] = v;
    this.n++;
  }

  shift(): number {
    const v = this.buf[this.head] as number;
    this.head = (this.head + 1) % this.buf.length;
    this.n--;
    return v;
  }

  clear(): void {
    this.head = 0;
    this.n = 0;
  }
}
