import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';

/** A row of COPY … (FORMAT binary): each field's raw bytes, or null for NULL. */
export type CopyRow = Array<Buffer | null>;

/** The format's signature: "PGCOPY\n\377\r\n\0". */
const SIGNATURE = Buffer.from([0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00]);

/**
 * COPY … (FORMAT binary) parsed as it arrives, a network piece at a time: an 11-byte signature, flags, a
 * header extension, then per row a field count and each field's length and bytes; a count of −1 ends it.
 * A field inside one piece is a view of it; one spanning pieces is copied once, into a buffer of its own
 * size. Joining the whole answer first would copy every byte into one buffer as large as the answer (150 MB
 * for 30 pairs' year of 5m), whose fresh pages the kernel faults in one by one.
 */
export class CopyBinaryParser {
  private readonly pieces: Buffer[] = [];
  /** Where the unread bytes of pieces[0] begin. */
  private offset = 0;
  private available = 0;
  private headerRead = false;
  /** The row being read, and how many of its fields are still to come (−1 between rows). */
  private row: CopyRow = [];
  private fieldsLeft = -1;
  private ended = false;
  readonly rows: CopyRow[] = [];

  push(piece: Buffer): void {
    if (this.ended) {
      if (piece.length > 0) throw new Error('COPY binary: bytes after the end of the data');
      return;
    }
    if (piece.length === 0) return;
    this.pieces.push(piece);
    this.available += piece.length;
    this.parse();
  }

  /** The rows, once the data has ended properly. */
  finish(): CopyRow[] {
    if (!this.ended) throw new Error('COPY binary: the data ended before its trailer');
    if (this.available > 0) throw new Error('COPY binary: bytes after the end of the data');
    return this.rows;
  }

  private parse(): void {
    if (!this.headerRead) {
      if (this.available < SIGNATURE.length + 8) return;
      const extension = this.peekInt32(SIGNATURE.length + 4);
      if (this.available < SIGNATURE.length + 8 + extension) return;
      if (!this.take(SIGNATURE.length).equals(SIGNATURE)) throw new Error('COPY binary: not a binary COPY signature');
      this.take(8 + extension);
      this.headerRead = true;
    }
    while (!this.ended) {
      if (this.fieldsLeft < 0) {
        if (this.available < 2) return;
        const fields = this.take(2).readInt16BE(0);
        if (fields === -1) {
          this.ended = true;
          return;
        }
        this.row = [];
        this.fieldsLeft = fields;
      }
      while (this.fieldsLeft > 0) {
        if (this.available < 4) return;
        const length = this.peekInt32(0);
        if (this.available < 4 + Math.max(0, length)) return;
        this.take(4);
        this.row.push(length < 0 ? null : this.take(length));
        this.fieldsLeft--;
      }
      this.rows.push(this.row);
      this.fieldsLeft = -1;
    }
  }

  /** The big-endian int32 `at` bytes past the unread start (the caller checked they are there). */
  private peekInt32(at: number): number {
    let index = 0, position = this.offset + at;
    while (position >= this.pieces[index].length) position -= this.pieces[index++].length;
    if (position + 4 <= this.pieces[index].length) return this.pieces[index].readInt32BE(position);
    const bytes = Buffer.alloc(4);
    for (let i = 0; i < 4; i++, position++) {
      while (position >= this.pieces[index].length) position -= this.pieces[index++].length;
      bytes[i] = this.pieces[index][position];
    }
    return bytes.readInt32BE(0);
  }

  /** The next `n` unread bytes (the caller checked they are there): a view within one piece, else a copy. */
  private take(n: number): Buffer {
    if (n === 0) return Buffer.alloc(0);
    this.available -= n;
    const head = this.pieces[0];
    if (this.offset + n <= head.length) {
      const view = head.subarray(this.offset, this.offset + n);
      this.advance(n);
      return view;
    }
    const copy = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const piece = this.pieces[0];
      const count = Math.min(n - filled, piece.length - this.offset);
      piece.copy(copy, filled, this.offset, this.offset + count);
      filled += count;
      this.advance(count);
    }
    return copy;
  }

  private advance(n: number): void {
    this.offset += n;
    if (this.offset === this.pieces[0].length) {
      this.pieces.shift();
      this.offset = 0;
    }
  }
}

/** The rows of `select` through COPY … (FORMAT binary). */
export async function copyOutBinary(client: pg.ClientBase, select: string): Promise<CopyRow[]> {
  const parser = new CopyBinaryParser();
  for await (const piece of client.query(copyTo(`COPY (${select}) TO STDOUT (FORMAT binary)`))) parser.push(piece as Buffer);
  return parser.finish();
}
