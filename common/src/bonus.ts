/**
 * The bonus formula of a bonus scheme (issue #17), exact: money in tiyn (BigInt), completion and
 * rates as decimals carried as integers, one rounding at the end (half away from zero, to the tiyn).
 *
 *   completion = base ÷ plan × 100 (none when the plan is 0: then only the fixed part is paid)
 *   rate       = by the bands: `step` takes the rate of the highest band whose `fromCompletion` the
 *                completion reached; `linear` runs straight between neighbouring bands and stays at
 *                the last band's rate above it; below the first band the rate is 0
 *   multiplier = max(activity coefficient, floor) when the scheme uses the coefficient, else 1
 *   bonus      = min(fixed + base × rate ÷ 100 × multiplier, cap)
 */
import { divideRounded } from "./figures";

/** Completion in hundredths of a percent (10050 = 100.5 %); the rate in parts per million of the base (15000 = 1.5 %). */
export interface BonusBand {
  fromCompletionHundredths: bigint;
  ratePpm: bigint;
}

export interface BonusInput {
  planTiyn: bigint;
  baseTiyn: bigint;
  bands: readonly BonusBand[];
  mode: "step" | "linear";
  fixedTiyn?: bigint;
  capTiyn?: bigint | null;
  /** The activity coefficient and its floor in ten-thousandths (9250 = 92.5 %); absent: no multiplier. */
  coefficient?: { valueTenThousandths: bigint | null; floorTenThousandths: bigint } | null;
}

export interface BonusResult {
  /** The rate applied, in parts per million of the base, rounded for display only (the bonus uses it exactly). */
  ratePpm: bigint;
  /** The multiplier applied, in ten-thousandths (10000 = ×1). */
  multiplierTenThousandths: bigint;
  bonusTiyn: bigint;
}

/** A rational rate in parts per million of the base: numerator ÷ denominator. */
interface Rate {
  numerator: bigint;
  denominator: bigint;
}

function rateFor(input: BonusInput): Rate {
  const bands = [...input.bands].sort((a, b) => (a.fromCompletionHundredths < b.fromCompletionHundredths ? -1 : 1));
  const zero = { numerator: 0n, denominator: 1n };
  if (input.planTiyn <= 0n || bands.length === 0) return zero;
  // completion (hundredths of a percent) = base × 10000 ÷ plan, compared without dividing.
  const reached = (band: BonusBand) => input.baseTiyn * 10_000n >= band.fromCompletionHundredths * input.planTiyn;
  let index = -1;
  for (const [position, band] of bands.entries()) if (reached(band)) index = position;
  if (index < 0) return zero;
  const band = bands[index]!;
  const next = bands[index + 1];
  if (input.mode === "step" || !next) return { numerator: band.ratePpm, denominator: 1n };
  // rate = r₀ + (r₁ − r₀) × (completion − c₀) ÷ (c₁ − c₀), with completion = base × 10000 ÷ plan.
  const span = next.fromCompletionHundredths - band.fromCompletionHundredths;
  const into = input.baseTiyn * 10_000n - band.fromCompletionHundredths * input.planTiyn;
  return {
    numerator: band.ratePpm * span * input.planTiyn + (next.ratePpm - band.ratePpm) * into,
    denominator: span * input.planTiyn,
  };
}

function multiplierFor(input: BonusInput): bigint {
  if (!input.coefficient) return 10_000n;
  const value = input.coefficient.valueTenThousandths ?? 0n;
  return value > input.coefficient.floorTenThousandths ? value : input.coefficient.floorTenThousandths;
}

export function bonusFor(input: BonusInput): BonusResult {
  const rate = rateFor(input);
  const multiplier = multiplierFor(input);
  // base × (rate ÷ 10⁶) × (multiplier ÷ 10⁴), over the rate's own denominator: one division, one rounding.
  const variable = divideRounded(input.baseTiyn * rate.numerator * multiplier, rate.denominator * 1_000_000n * 10_000n);
  let bonus = (input.fixedTiyn ?? 0n) + variable;
  if (input.capTiyn !== undefined && input.capTiyn !== null && bonus > input.capTiyn) bonus = input.capTiyn;
  return {
    ratePpm: divideRounded(rate.numerator, rate.denominator),
    multiplierTenThousandths: multiplier,
    bonusTiyn: bonus,
  };
}
