/**
 * An Arrow IPC file's framing checked against its size before any decoding: the JavaScript Arrow
 * reader trusts the lengths it reads, so a flipped byte in a length can make it allocate without bound
 * or loop. The file format is: magic "ARROW1" + 2 padding bytes, a stream of messages (continuation
 * marker 0xFFFFFFFF, int32 metadata length, a flatbuffer Message, then `bodyLength` bytes of body), the
 * footer, its int32 length and the magic again. Every length must land inside the file.
 */
const MAGIC = 'ARROW1';
const CONTINUATION = 0xffffffff;

/** Why the framing is broken, or undefined when every length is consistent with the file's size. */
export function arrowLayoutProblem(bytes: Uint8Array): string | undefined {
  const n = bytes.length;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = (at: number, len: number) => Buffer.from(bytes.subarray(at, at + len)).toString('latin1');
  if (n < 2 * MAGIC.length + 2 + 4 || text(0, MAGIC.length) !== MAGIC || text(n - MAGIC.length, MAGIC.length) !== MAGIC) return 'it does not start and end with the Arrow file magic';
  const footerLength = view.getInt32(n - MAGIC.length - 4, true);
  const footerStart = n - MAGIC.length - 4 - footerLength;
  if (footerLength <= 0 || footerStart < 8) return `its footer length (${footerLength} bytes) does not fit the file (${n} bytes)`;
  let at = 8;
  for (let messages = 0; at < footerStart; messages++) {
    if (messages > n / 8) return 'its message stream does not end';
    if (at + 8 > footerStart) return `a message header at byte ${at} runs into the footer`;
    let metadataLength = view.getInt32(at + 4, true);
    let metadataAt = at + 8;
    if (view.getUint32(at, true) !== CONTINUATION) {
      // Pre-1.0 files have no continuation marker: the first word is the length.
      metadataLength = view.getInt32(at, true);
      metadataAt = at + 4;
    }
    if (metadataLength === 0) break; // end-of-stream marker
    if (metadataLength < 0 || metadataAt + metadataLength > footerStart) return `the message at byte ${at} claims ${metadataLength} bytes of metadata, beyond the footer at byte ${footerStart}`;
    const bodyLength = messageBodyLength(view, metadataAt, metadataLength);
    if (bodyLength === undefined) return `the message at byte ${at} has unreadable metadata`;
    const end = metadataAt + metadataLength + bodyLength;
    if (bodyLength < 0 || end > footerStart) return `the message at byte ${at} claims a ${bodyLength}-byte body, beyond the footer at byte ${footerStart}`;
    at = end;
  }
  return undefined;
}

/** `bodyLength` (field 3, int64) of the flatbuffer Message at `start`; undefined if its offsets leave the buffer. */
function messageBodyLength(view: DataView, start: number, length: number): number | undefined {
  const end = start + length;
  const inside = (at: number, size: number) => at >= start && at + size <= end;
  if (!inside(start, 4)) return undefined;
  const table = start + view.getUint32(start, true);
  if (!inside(table, 4)) return undefined;
  const vtable = table - view.getInt32(table, true);
  if (!inside(vtable, 4)) return undefined;
  const vtableLength = view.getUint16(vtable, true);
  const slot = 4 + 2 * 3;
  if (vtableLength < 4 || !inside(vtable, vtableLength)) return undefined;
  if (slot + 2 > vtableLength) return 0; // field absent: default 0
  const fieldOffset = view.getUint16(vtable + slot, true);
  if (fieldOffset === 0) return 0;
  if (!inside(table + fieldOffset, 8)) return undefined;
  return Number(view.getBigInt64(table + fieldOffset, true));
}
