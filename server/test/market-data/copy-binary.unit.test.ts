import { describe, expect, it } from 'vitest';
import { CopyBinaryParser, type CopyRow } from '../../market-data/copy-binary.ts';

/** COPY … (FORMAT binary) bytes of `rows`, written from the format's description (PostgreSQL docs, "Binary Format"). */
function copyBytes(rows: ReadonlyArray<ReadonlyArray<Buffer | null>>, headerExtension = Buffer.alloc(0)): Buffer {
  const parts: Buffer[] = [Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), int32(0), int32(headerExtension.length), headerExtension];
  for (const row of rows) {
    parts.push(int16(row.length));
    for (const field of row) parts.push(...(field === null ? [int32(-1)] : [int32(field.length), field]));
  }
  parts.push(int16(-1));
  return Buffer.concat(parts);
}
const int16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeInt16BE(n);
  return b;
};
const int32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};

function parse(pieces: readonly Buffer[]): CopyRow[] {
  const parser = new CopyBinaryParser();
  for (const piece of pieces) parser.push(piece);
  return parser.finish();
}

const ROWS: Array<Array<Buffer | null>> = [
  [int32(1), Buffer.from('first'), null],
  [int32(2), Buffer.alloc(0), Buffer.from(Array.from({ length: 300 }, (_, i) => i % 251))],
  [],
  [null, int32(-7)],
];

describe('COPY binary parser', () => {
  it('reads the same rows however the bytes are cut into pieces (fields inside one piece or across several)', () => {
    const bytes = copyBytes(ROWS, Buffer.from('ext'));
    expect(parse([bytes])).toEqual(ROWS);
    for (let cut = 0; cut <= bytes.length; cut++) expect(parse([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual(ROWS);
    for (const size of [1, 2, 3, 5, 7, 64]) {
      const pieces = Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size));
      expect(parse(pieces)).toEqual(ROWS);
    }
  });

  it('reads an answer with no rows', () => {
    expect(parse([copyBytes([])])).toEqual([]);
  });

  it('refuses data that stops before its trailer, carries bytes after it, or lacks the signature', () => {
    const bytes = copyBytes(ROWS);
    for (const cut of [0, 5, 19, 30, bytes.length - 1]) expect(() => parse([bytes.subarray(0, cut)])).toThrow(/ended before its trailer/);
    expect(() => parse([bytes, Buffer.from([0])])).toThrow(/after the end/);
    expect(() => parse([Buffer.concat([Buffer.from('NOTCOPY!!!!'), bytes.subarray(11)])])).toThrow(/signature/);
  });
});
