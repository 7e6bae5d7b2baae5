import { CsvImportError } from './csv.ts';

/**
 * fflate's unzipSync inflates without checking an entry's CRC-32, so a zip with a changed byte in a
 * stored (uncompressed) entry, or one whose damage still inflates, would import whatever came out.
 * Every entry read is checked against the CRC-32 its central directory records.
 */
export class CrcMismatchError extends Error {
  readonly code = 'CRC_MISMATCH';
  constructor(archive: string, entry: string, expected: number, actual: number) {
    super(`${archive}: ${entry} is damaged: its CRC-32 is ${hex(actual)} but the archive records ${hex(expected)}`);
    this.name = 'CrcMismatchError';
  }
}

const hex = (value: number) => value.toString(16).padStart(8, '0');

/** CRC-32 (IEEE 802.3, the zip one), table-driven. */
const TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** The CRC-32 of each entry by name, from the archive's central directory. */
export function recordedCrcs(zip: Uint8Array, archive: string): Map<string, number> {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  // The end-of-central-directory record sits in the last 22 bytes plus a comment of at most 65,535.
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new CsvImportError(`${archive}: not a readable zip archive (no central directory)`);
  const entries = view.getUint16(end + 10, true);
  const crcs = new Map<string, number>();
  let at = view.getUint32(end + 16, true);
  for (let n = 0; n < entries; n++) {
    if (at + 46 > zip.length || view.getUint32(at, true) !== 0x02014b50) throw new CsvImportError(`${archive}: not a readable zip archive (damaged central directory)`);
    const nameLength = view.getUint16(at + 28, true);
    const name = new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength));
    crcs.set(name, view.getUint32(at + 16, true));
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return crcs;
}

/** Throws CrcMismatchError for the first inflated entry whose CRC-32 is not the recorded one. */
export function verifyEntryCrcs(zip: Uint8Array, entries: Record<string, Uint8Array>, archive: string): void {
  const recorded = recordedCrcs(zip, archive);
  for (const [name, bytes] of Object.entries(entries)) {
    const expected = recorded.get(name);
    const actual = crc32(bytes);
    if (expected === undefined || expected !== actual) throw new CrcMismatchError(archive, name, expected ?? 0, actual);
  }
}
