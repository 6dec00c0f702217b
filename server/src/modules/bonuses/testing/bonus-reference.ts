/**
 * The bonus formula computed on its own, for the tests: money in tiyn, every ratio kept as an exact
 * fraction of BigInts (numerator, denominator) and rounded once, half up, at the end — written
 * from the words, not from common/bonus.ts.
 */
export interface ReferenceScheme {
  bands: { fromCompletion: number; rate: number }[];
  mode: "step" | "linear";
  fixed?: number;
  cap?: number | null;
  coefficientFloor?: number | null;
}

type Fraction = [bigint, bigint];

const fraction = (value: number, scale: number): Fraction => [BigInt(Math.round(value * scale)), BigInt(scale)];
const times = (a: Fraction, b: Fraction): Fraction => [a[0] * b[0], a[1] * b[1]];
const plus = (a: Fraction, b: Fraction): Fraction => [a[0] * b[1] + b[0] * a[1], a[1] * b[1]];
const minus = (a: Fraction, b: Fraction): Fraction => [a[0] * b[1] - b[0] * a[1], a[1] * b[1]];
const over = (a: Fraction, b: Fraction): Fraction => [a[0] * b[1], a[1] * b[0]];
const atLeast = (a: Fraction, b: Fraction) => a[0] * b[1] >= b[0] * a[1];
const roundHalfUp = ([n, d]: Fraction): bigint => (2n * n + d) / (2n * d);

/** The bonus in tiyn for a plan and a base in tiyn and a coefficient in percent (or null). */
export function referenceBonus(
  scheme: ReferenceScheme,
  planTiyn: bigint,
  baseTiyn: bigint,
  coefficient: number | null,
) {
  // completion in percent, as a fraction
  let rate: Fraction = [0n, 1n];
  if (planTiyn > 0n) {
    const completion: Fraction = [baseTiyn * 100n, planTiyn];
    const bands = scheme.bands.map((band) => ({
      from: fraction(band.fromCompletion, 100),
      rate: fraction(band.rate, 10_000),
    }));
    for (let index = 0; index < bands.length; index++) {
      const band = bands[index]!;
      if (!atLeast(completion, band.from)) break;
      const next = bands[index + 1];
      if (scheme.mode === "linear" && next && !atLeast(completion, next.from)) {
        // r0 + (r1 - r0) × (c - c0) / (c1 - c0)
        rate = plus(
          band.rate,
          times(minus(next.rate, band.rate), over(minus(completion, band.from), minus(next.from, band.from))),
        );
      } else rate = band.rate;
    }
  }
  let multiplier: Fraction = [1n, 1n];
  if (scheme.coefficientFloor !== null && scheme.coefficientFloor !== undefined) {
    const value = Math.max(coefficient ?? 0, scheme.coefficientFloor);
    multiplier = fraction(value / 100, 10_000);
  }
  // base × rate% × multiplier + fixed
  const variable = times(times([baseTiyn, 100n], rate), multiplier);
  let bonus = roundHalfUp(plus(variable, [BigInt(Math.round((scheme.fixed ?? 0) * 100)), 1n]));
  if (scheme.cap !== null && scheme.cap !== undefined) {
    const cap = BigInt(Math.round(scheme.cap * 100));
    if (bonus > cap) bonus = cap;
  }
  return bonus;
}
