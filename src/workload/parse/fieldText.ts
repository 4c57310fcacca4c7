/**
 * Slow paths of the row parser, off the hot loop: quoted fields, numbers with exponents, and the
 * text of a bad field for its error message.
 */

/** End of the unquoted field at p: the next comma, line end or limit. */
export function fieldEnd(buf: Uint8Array, p: number, limit: number): number {
  let q = p;
  while (q < limit) {
    const c = buf[q];
    if (c === 44 || c === 10 || c === 13) break;
    q++;
  }
  return q;
}

/** A quoted field starting at p (on the opening quote): its unescaped text and the position after the closing quote. */
export function readQuoted(buf: Uint8Array, p: number, limit: number): { text: string; end: number } | undefined {
  const parts: Uint8Array[] = [];
  let from = p + 1;
  for (let q = p + 1; q < limit; q++) {
    const c = buf[q];
    if (c === 10) return undefined;
    if (c !== 34) continue;
    parts.push(buf.subarray(from, q));
    if (buf[q + 1] === 34) {
      from = q + 1; // keep one quote of the "" pair
      q++;
      continue;
    }
    const decoder = new TextDecoder();
    return { text: parts.map((b) => decoder.decode(b)).join(''), end: q + 1 };
  }
  return undefined;
}

/** The field's text for a message: at most 40 characters, control bytes escaped. */
export function describeField(buf: Uint8Array, p: number, limit: number): string {
  const end = Math.min(fieldEnd(buf, p, limit), p + 40);
  const text = new TextDecoder().decode(buf.subarray(p, end));
  const shown = JSON.stringify(text).slice(1, -1);
  return end - p === 0 ? 'an empty value' : `'${shown}${end === p + 40 ? '…' : ''}'`;
}

/** A whole number ≥ 0 from text (quoted fields), or NaN. */
export function wholeNumberFromText(text: string): number {
  return /^\d+(\.0*)?$/.test(text.trim()) ? Number.parseInt(text, 10) : Number.NaN;
}

/** A non-negative decimal (exponent allowed) from text, or NaN. */
export function secondsFromText(text: string): number {
  return /^\s*(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(text) ? Number(text) : Number.NaN;
}
