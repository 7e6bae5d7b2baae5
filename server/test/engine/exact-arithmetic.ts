/**
 * Exact arithmetic for tests: doubles as BigInt multiples of 2^-1074 (every finite double is one), rationals
 * as BigInt pairs, and rounding a rational to the nearest double (ties to even), as IEEE 754 would.
 */

const SCALE_BITS = 1074n;

/** x = result × 2^-1074 exactly. */
export function doubleToScaled(x: number): bigint {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const exponent = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & ((1n << 52n) - 1n);
  if (exponent !== 0) mantissa |= 1n << 52n;
  const shift = BigInt(Math.max(exponent, 1) - 1);
  const magnitude = mantissa << shift;
  return bits >> 63n === 1n ? -magnitude : magnitude;
}

function bitLength(x: bigint): number {
  return x === 0n ? 0 : x.toString(2).length;
}

/** num / den rounded to the nearest double, ties to even (normal range only, as test values are). */
export function ratioToDouble(num: bigint, den: bigint): number {
  if (den < 0n) return ratioToDouble(-num, -den);
  if (num === 0n) return 0;
  if (num < 0n) return -ratioToDouble(-num, den);
  // Choose e so that 2^52 <= num / (den·2^e) < 2^53, then round the quotient to an integer.
  let e = bitLength(num) - bitLength(den) - 53;
  const quotientAt = (k: number) => (k >= 0 ? num / (den << BigInt(k)) : (num << BigInt(-k)) / den);
  while (quotientAt(e) >= 1n << 53n) e++;
  while (quotientAt(e) < 1n << 52n) e--;
  const scaledDen = e >= 0 ? den << BigInt(e) : den;
  const scaledNum = e >= 0 ? num : num << BigInt(-e);
  let q = scaledNum / scaledDen;
  const twiceRemainder = 2n * (scaledNum - q * scaledDen);
  if (twiceRemainder > scaledDen || (twiceRemainder === scaledDen && (q & 1n) === 1n)) q++;
  return Number(q) * 2 ** e;
}

/** The exact mean of doubles, rounded once to the nearest double. */
export function exactMean(values: ArrayLike<number>, from: number, to: number): number {
  let sum = 0n;
  for (let i = from; i < to; i++) sum += doubleToScaled(values[i]);
  return ratioToDouble(sum, BigInt(to - from) << SCALE_BITS);
}

/** A rational number in lowest terms is not needed here: sign and comparisons are all the tests ask. */
export interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

export function rational(num: bigint, den = 1n): Rational {
  return den < 0n ? { num: -num, den: -den } : { num, den };
}

export function sub(a: Rational, b: Rational): Rational {
  return rational(a.num * b.den - b.num * a.den, a.den * b.den);
}

export function add(a: Rational, b: Rational): Rational {
  return rational(a.num * b.den + b.num * a.den, a.den * b.den);
}

export function scale(a: Rational, num: bigint, den: bigint): Rational {
  return rational(a.num * num, a.den * den);
}

export function sign(a: Rational): number {
  return a.num > 0n ? 1 : a.num < 0n ? -1 : 0;
}
