/**
 * PostgreSQL's binary COPY format, written row by row into buffers that are handed out whole as they fill:
 * a signature and header, then per row its field count and each field's length and bytes (-1 for NULL),
 * and a field count of -1 at the end. Numbers go through a DataView, which the JIT compiles to plain
 * stores, and text is written first and its length filled in after, so no value is measured or copied twice.
 */
export class BinaryCopyWriter {
  private static readonly CHUNK_BYTES = 1 << 20;
  private buffer = Buffer.allocUnsafe(BinaryCopyWriter.CHUNK_BYTES);
  private view = viewOf(this.buffer);
  private at = 0;

  constructor() {
    this.buffer.write('PGCOPY\n\xff\r\n\0', 0, 'latin1');
    this.view.setInt32(11, 0); // flags: none
    this.view.setInt32(15, 0); // header extension: empty
    this.at = 19;
  }

  full(): boolean {
    return this.at > BinaryCopyWriter.CHUNK_BYTES / 2;
  }

  take(): Buffer {
    const taken = this.buffer.subarray(0, this.at);
    this.buffer = Buffer.allocUnsafe(BinaryCopyWriter.CHUNK_BYTES);
    this.view = viewOf(this.buffer);
    this.at = 0;
    return taken;
  }

  row(fields: number): void {
    this.room(2);
    this.view.setInt16(this.at, fields);
    this.at += 2;
  }

  /** The end of the data, after the last row. */
  end(): void {
    this.row(-1);
  }

  nullField(): void {
    this.room(4);
    this.view.setInt32(this.at, -1);
    this.at += 4;
  }

  float64Field(value: number): void {
    this.room(12);
    this.view.setInt32(this.at, 8);
    this.view.setFloat64(this.at + 4, value);
    this.at += 12;
  }

  int32Field(value: number): void {
    this.room(8);
    this.view.setInt32(this.at, 4);
    this.view.setInt32(this.at + 4, value);
    this.at += 8;
  }

  /** A whole number of at most 2^53 in magnitude, as int8. */
  int64Field(value: number): void {
    if (!Number.isSafeInteger(value)) throw new Error(`${value} is not a whole number int8 can hold exactly`);
    this.room(12);
    this.view.setInt32(this.at, 8);
    const high = Math.floor(value / TWO_TO_32);
    this.view.setInt32(this.at + 4, high);
    this.view.setUint32(this.at + 8, value - high * TWO_TO_32);
    this.at += 12;
  }

  boolField(value: boolean): void {
    this.room(5);
    this.view.setInt32(this.at, 1);
    this.view.setUint8(this.at + 4, value ? 1 : 0);
    this.at += 5;
  }

  /** UTF-8 text, after `prefix` (jsonb's version byte) when given. */
  textField(value: string, prefix?: number): void {
    const head = prefix === undefined ? 0 : 1;
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    this.room(4 + head + value.length * 3);
    if (prefix !== undefined) this.view.setUint8(this.at + 4, prefix);
    const written = head + this.buffer.write(value, this.at + 4 + head);
    this.view.setInt32(this.at, written);
    this.at += 4 + written;
  }

  bytesField(bytes: Uint8Array): void {
    this.room(4 + bytes.length);
    this.view.setInt32(this.at, bytes.length);
    this.buffer.set(bytes, this.at + 4);
    this.at += 4 + bytes.length;
  }

  private room(bytes: number): void {
    if (this.at + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.at + bytes));
    this.buffer.copy(grown, 0, 0, this.at);
    this.buffer = grown;
    this.view = viewOf(grown);
  }
}

const TWO_TO_32 = 2 ** 32;

function viewOf(buffer: Buffer): DataView {
  return new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

export type BinaryEncoder = (out: BinaryCopyWriter, value: unknown) => void;

/** PostgreSQL's timestamps count microseconds from 2000-01-01 UTC. */
const POSTGRES_EPOCH_MS = Date.UTC(2000, 0, 1);
/** jsonb's binary form: this version byte, then the JSON text. */
const JSONB_VERSION = 1;

const textEncoder: BinaryEncoder = (out, value) => out.textField(String(value));

/** A uuid's 16 bytes, remembering the last one: a run's rows all carry the same run id. */
function uuidEncoder(): BinaryEncoder {
  let lastText = '';
  let lastBytes = new Uint8Array(0);
  return (out, value) => {
    const text = String(value);
    if (text !== lastText) {
      const hex = text.replaceAll('-', '');
      if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error(`${text} is not a uuid`);
      lastBytes = Buffer.from(hex, 'hex');
      lastText = text;
    }
    out.bytesField(lastBytes);
  };
}

/** Each column type's binary form (PostgreSQL's *send functions), by the type without its length; undefined for a type it has none for here. */
export function binaryEncoderOf(type: string): BinaryEncoder | undefined {
  switch (type.replace(/\(.*\)$/, '')) {
    case 'double precision':
      return (out, value) => out.float64Field(value as number);
    case 'int':
    case 'integer':
      return (out, value) => out.int32Field(value as number);
    case 'bigint':
    case 'bigserial':
      return (out, value) => out.int64Field(Number(value));
    case 'boolean':
      return (out, value) => out.boolField(Boolean(value));
    case 'varchar':
    case 'text':
      return textEncoder;
    case 'timestamptz':
      return (out, value) => out.int64Field(((value instanceof Date ? value.getTime() : new Date(value as string).getTime()) - POSTGRES_EPOCH_MS) * 1000);
    case 'jsonb':
      return (out, value) => out.textField(JSON.stringify(value), JSONB_VERSION);
    case 'json':
      return (out, value) => out.textField(JSON.stringify(value));
    case 'uuid':
      return uuidEncoder();
    default:
      return undefined;
  }
}
