/**
 * An Arrow IPC file's structure checked before any decoding. The JavaScript Arrow readers trust what
 * they read: a length or count past the file makes them allocate without bound, and a footer entry
 * that points at a message of the wrong kind sends apache-arrow's file reader round the same message
 * for ever (its loop advances only on a record batch). So every length, count and offset the decoder
 * will follow is checked here against the bytes that hold it.
 *
 * The file format (arrow.apache.org/docs/format/Columnar.html "IPC File Format"): "ARROW1" + 2 padding
 * bytes; a stream of messages, each a continuation marker 0xFFFFFFFF, an int32 metadata length, a
 * flatbuffer Message and `bodyLength` bytes of body; the Footer flatbuffer (the schema again and a Block
 * {offset, metaDataLength, bodyLength} per dictionary and record batch); its int32 length; "ARROW1".
 * Flatbuffer tables are found through their vtables; the field numbers below are those of Arrow's
 * Message.fbs, Schema.fbs and File.fbs.
 */
const MAGIC = 'ARROW1';
const CONTINUATION = 0xffffffff;
const HEADER = { schema: 1, dictionaryBatch: 2, recordBatch: 3 } as const;
const HEADER_NAMES: Record<number, string> = { 1: 'schema', 2: 'dictionary batch', 3: 'record batch' };
/** Nested types deeper than this are not what llmcap writes, and deep recursion is how a cyclic offset shows. */
const MAX_FIELD_DEPTH = 32;
const BLOCK_SIZE = 24;

/** Thrown inside the check with the reason; never leaves this module. */
class Damage extends Error {}

/** A flatbuffer occupying [start, end) of the file: every offset is checked to land inside before it is followed. */
class BoundedFlatbuffer {
  constructor(
    private readonly view: DataView,
    private readonly start: number,
    private readonly end: number,
    private readonly what: string,
  ) {}

  private need(at: number, size: number, field: string): void {
    if (!(Number.isSafeInteger(at) && Number.isSafeInteger(size) && size >= 0 && at >= this.start && at + size <= this.end)) {
      throw new Damage(`${this.what}'s ${field} points outside it`);
    }
  }

  /** The root table. */
  root(): number {
    this.need(this.start, 4, 'root offset');
    return this.table(this.start + this.view.getUint32(this.start, true), 'root table');
  }

  /** A table at `at`, its vtable and inline fields inside the buffer. */
  table(at: number, field: string): number {
    this.need(at, 4, field);
    const vtable = at - this.view.getInt32(at, true);
    this.need(vtable, 4, `${field} vtable`);
    const vtableLength = this.view.getUint16(vtable, true);
    const tableLength = this.view.getUint16(vtable + 2, true);
    if (vtableLength < 4 || vtableLength % 2 !== 0) throw new Damage(`${this.what}'s ${field} has a malformed vtable`);
    this.need(vtable, vtableLength, `${field} vtable`);
    this.need(at, Math.max(tableLength, 4), field);
    return at;
  }

  /** Where field `index` of `table` sits, or undefined when absent (its default applies). */
  private slot(table: number, index: number, size: number, field: string): number | undefined {
    const vtable = table - this.view.getInt32(table, true);
    const entry = 4 + 2 * index;
    if (entry + 2 > this.view.getUint16(vtable, true)) return undefined;
    const offset = this.view.getUint16(vtable + entry, true);
    if (offset === 0) return undefined;
    this.need(table + offset, size, field);
    return table + offset;
  }

  uint8(table: number, index: number, field: string): number {
    const at = this.slot(table, index, 1, field);
    return at === undefined ? 0 : this.view.getUint8(at);
  }

  int64(table: number, index: number, field: string): number {
    const at = this.slot(table, index, 8, field);
    return at === undefined ? 0 : Number(this.view.getBigInt64(at, true));
  }

  /** A sub-table field, or undefined when absent. */
  child(table: number, index: number, field: string): number | undefined {
    const at = this.slot(table, index, 4, field);
    return at === undefined ? undefined : this.table(at + this.view.getUint32(at, true), field);
  }

  /** A vector field: where its elements start and how many there are, all inside the buffer. */
  vector(table: number, index: number, elementSize: number, field: string): { at: number; length: number } {
    const at = this.slot(table, index, 4, field);
    if (at === undefined) return { at: 0, length: 0 };
    const vector = at + this.view.getUint32(at, true);
    this.need(vector, 4, field);
    const length = this.view.getUint32(vector, true);
    this.need(vector + 4, length * elementSize, `${field} (${length} entries)`);
    return { at: vector + 4, length };
  }

  /** A vector of tables: each element's table. */
  tables(table: number, index: number, field: string): number[] {
    const { at, length } = this.vector(table, index, 4, field);
    return Array.from({ length }, (_, i) => this.table(at + 4 * i + this.view.getUint32(at + 4 * i, true), `${field}[${i}]`));
  }

  int64At(at: number): number {
    return Number(this.view.getBigInt64(at, true));
  }
}

/** One message of the stream, as the footer's blocks must find it. */
interface StreamMessage {
  readonly header: number;
  readonly bodyLength: number;
}

/** Why the file's structure is broken, or undefined when everything the decoder follows lands inside it. */
export function arrowIpcLayoutProblem(bytes: Uint8Array): string | undefined {
  try {
    checkLayout(bytes);
    return undefined;
  } catch (err) {
    if (err instanceof Damage) return err.message;
    throw err;
  }
}

function checkLayout(bytes: Uint8Array): void {
  const n = bytes.length;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = (at: number, len: number) => Buffer.from(bytes.subarray(at, at + len)).toString('latin1');
  if (n < 2 * MAGIC.length + 2 + 4 || text(0, MAGIC.length) !== MAGIC || text(n - MAGIC.length, MAGIC.length) !== MAGIC) throw new Damage('it does not start and end with the Arrow file magic');
  const footerLength = view.getInt32(n - MAGIC.length - 4, true);
  const footerStart = n - MAGIC.length - 4 - footerLength;
  if (footerLength <= 0 || footerStart < 8) throw new Damage(`its footer length (${footerLength} bytes) does not fit the file (${n} bytes)`);

  const messages = new Map<number, StreamMessage>();
  let at = 8;
  while (at < footerStart) {
    if (at + 8 > footerStart) throw new Damage(`a message header at byte ${at} runs into the footer`);
    let metadataLength = view.getInt32(at + 4, true);
    let metadataAt = at + 8;
    if (view.getUint32(at, true) !== CONTINUATION) {
      // Pre-1.0 files have no continuation marker: the first word is the length.
      metadataLength = view.getInt32(at, true);
      metadataAt = at + 4;
    }
    if (metadataLength === 0) break; // end-of-stream marker
    if (metadataLength < 0 || metadataAt + metadataLength > footerStart) throw new Damage(`the message at byte ${at} claims ${metadataLength} bytes of metadata, beyond the footer at byte ${footerStart}`);
    const message = checkMessage(new BoundedFlatbuffer(view, metadataAt, metadataAt + metadataLength, `the message at byte ${at}`), at);
    const end = metadataAt + metadataLength + message.bodyLength;
    if (end > footerStart) throw new Damage(`the message at byte ${at} claims a ${message.bodyLength}-byte body, beyond the footer at byte ${footerStart}`);
    // The stream's schema message comes first, if at all (apache-arrow's file writer leaves it to the footer).
    if (messages.size > 0 && message.header === HEADER.schema) throw new Damage(`the message at byte ${at} is a schema after other messages`);
    messages.set(at, message);
    at = end;
  }
  checkFooter(new BoundedFlatbuffer(view, footerStart, footerStart + footerLength, 'the footer'), messages);
}

function checkMessage(fb: BoundedFlatbuffer, at: number): StreamMessage {
  const message = fb.root();
  const header = fb.uint8(message, 1, 'header type');
  if (HEADER_NAMES[header] === undefined) throw new Damage(`the message at byte ${at} has an unknown kind (${header})`);
  const bodyLength = fb.int64(message, 3, 'body length');
  if (bodyLength < 0) throw new Damage(`the message at byte ${at} claims a negative body length (${bodyLength})`);
  const content = fb.child(message, 2, 'header');
  if (content === undefined) throw new Damage(`the message at byte ${at} has no header`);
  checkKeyValues(fb, message, 4);
  if (header === HEADER.schema) checkSchema(fb, content);
  else if (header === HEADER.recordBatch) checkRecordBatch(fb, content, bodyLength);
  else {
    const data = fb.child(content, 1, 'dictionary data');
    if (data === undefined) throw new Damage(`the dictionary batch at byte ${at} has no data`);
    checkRecordBatch(fb, data, bodyLength);
  }
  return { header, bodyLength };
}

function checkSchema(fb: BoundedFlatbuffer, schema: number): void {
  for (const field of fb.tables(schema, 1, 'fields')) checkField(fb, field, 0);
  checkKeyValues(fb, schema, 2);
  fb.vector(schema, 3, 8, 'features');
}

function checkField(fb: BoundedFlatbuffer, field: number, depth: number): void {
  if (depth > MAX_FIELD_DEPTH) throw new Damage(`its schema nests fields more than ${MAX_FIELD_DEPTH} deep`);
  fb.vector(field, 0, 1, 'field name');
  fb.child(field, 3, 'field type');
  const dictionary = fb.child(field, 4, 'field dictionary');
  if (dictionary !== undefined) fb.child(dictionary, 1, 'dictionary index type');
  for (const child of fb.tables(field, 5, 'field children')) checkField(fb, child, depth + 1);
  checkKeyValues(fb, field, 6);
}

function checkKeyValues(fb: BoundedFlatbuffer, table: number, index: number): void {
  for (const kv of fb.tables(table, index, 'metadata')) {
    fb.vector(kv, 0, 1, 'metadata key');
    fb.vector(kv, 1, 1, 'metadata value');
  }
}

/**
 * Row and value counts, and every buffer inside the message's body. Every value takes at least a bit
 * of some buffer (a validity bit, a boolean, an index, an offset), so no count exceeds 8 × the body's
 * bytes; only a column of Arrow's Null type could, and llmcap's tables have none. Decoders allocate by
 * these counts, so a flipped bit in one must not reach them.
 */
function checkRecordBatch(fb: BoundedFlatbuffer, batch: number, bodyLength: number): void {
  const most = 8 * bodyLength;
  const rows = fb.int64(batch, 0, 'row count');
  if (rows < 0 || rows > most) throw new Damage(`a record batch claims ${rows} rows in a ${bodyLength}-byte body`);
  const nodes = fb.vector(batch, 1, 16, 'field nodes');
  for (let i = 0; i < nodes.length; i++) {
    const length = fb.int64At(nodes.at + 16 * i);
    const nulls = fb.int64At(nodes.at + 16 * i + 8);
    if (length < 0 || length > most || nulls < 0 || nulls > length) throw new Damage(`a record batch's column ${i + 1} claims ${length} values, ${nulls} of them null, in a ${bodyLength}-byte body`);
  }
  const buffers = fb.vector(batch, 2, 16, 'buffers');
  for (let i = 0; i < buffers.length; i++) {
    const offset = fb.int64At(buffers.at + 16 * i);
    const length = fb.int64At(buffers.at + 16 * i + 8);
    if (offset < 0 || length < 0 || offset + length > bodyLength) throw new Damage(`a record batch's buffer ${i + 1} (${length} bytes at ${offset}) lies outside its ${bodyLength}-byte body`);
  }
  fb.child(batch, 3, 'compression');
  fb.vector(batch, 4, 8, 'variadic buffer counts');
}

/** The footer's schema, and each block on a message of its kind, once, with that message's body length. */
function checkFooter(fb: BoundedFlatbuffer, messages: ReadonlyMap<number, StreamMessage>): void {
  const footer = fb.root();
  const schema = fb.child(footer, 1, 'schema');
  if (schema === undefined) throw new Damage('its footer has no schema');
  checkSchema(fb, schema);
  checkKeyValues(fb, footer, 4);
  const kinds = [
    { index: 2, header: HEADER.dictionaryBatch, name: 'dictionary batch', plural: 'dictionary batches' },
    { index: 3, header: HEADER.recordBatch, name: 'record batch', plural: 'record batches' },
  ];
  for (const kind of kinds) {
    const blocks = fb.vector(footer, kind.index, BLOCK_SIZE, `${kind.name} blocks`);
    const seen = new Set<number>();
    for (let i = 0; i < blocks.length; i++) {
      const offset = fb.int64At(blocks.at + BLOCK_SIZE * i);
      const bodyLength = fb.int64At(blocks.at + BLOCK_SIZE * i + 16);
      const message = messages.get(offset);
      if (message?.header !== kind.header) throw new Damage(`its footer places ${kind.name} ${i + 1} at byte ${offset}, where no ${kind.name} starts`);
      if (message.bodyLength !== bodyLength) throw new Damage(`its footer gives ${kind.name} ${i + 1} a ${bodyLength}-byte body, the message ${message.bodyLength}`);
      if (seen.has(offset)) throw new Damage(`its footer lists the ${kind.name} at byte ${offset} twice`);
      seen.add(offset);
    }
    const inStream = [...messages.values()].filter((m) => m.header === kind.header).length;
    if (inStream !== blocks.length) throw new Damage(`its footer lists ${blocks.length} ${kind.plural}, the file holds ${inStream}`);
  }
}
