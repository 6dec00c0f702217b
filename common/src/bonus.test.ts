import { describe, expect, it } from "vitest";
import { type BonusBand, bonusFor } from "./bonus";

const band = (fromPercent: number, ratePercent: number): BonusBand => ({
  fromCompletionHundredths: BigInt(Math.round(fromPercent * 100)),
  ratePpm: BigInt(Math.round(ratePercent * 10_000)),
});
const tenge = (amount: number) => BigInt(Math.round(amount * 100));
const bands = [band(80, 1), band(100, 2), band(120, 3)];

describe("the bonus formula", () => {
  it("pays by steps: the rate of the highest band reached, nothing below the first", () => {
    const at = (base: number) => bonusFor({ planTiyn: tenge(10_000_000), baseTiyn: tenge(base), bands, mode: "step" });
    expect(at(7_999_999.99).bonusTiyn).toBe(0n);
    // 8 000 000 × 1 % = 80 000; exactly at a band's edge the band counts.
    expect(at(8_000_000).bonusTiyn).toBe(tenge(80_000));
    expect(at(10_000_000).bonusTiyn).toBe(tenge(200_000));
    expect(at(15_000_000).bonusTiyn).toBe(tenge(450_000));
  });

  it("runs straight between bands in linear mode, and stays at the last rate above it", () => {
    const at = (base: number) =>
      bonusFor({ planTiyn: tenge(10_000_000), baseTiyn: tenge(base), bands, mode: "linear" });
    // 90 % is halfway from 80 % (1 %) to 100 % (2 %): 1.5 % of 9 000 000 = 135 000.
    expect(at(9_000_000)).toMatchObject({ ratePpm: 15_000n, bonusTiyn: tenge(135_000) });
    // 110 %: 2.5 % of 11 000 000 = 275 000.
    expect(at(11_000_000).bonusTiyn).toBe(tenge(275_000));
    expect(at(13_000_000).bonusTiyn).toBe(tenge(390_000));
    expect(at(7_000_000).bonusTiyn).toBe(0n);
  });

  it("rounds once, to the tiyn, half away from zero", () => {
    // Plan 3, base 1 tenge = 33.33…% — with one band from 0 % at a rate of 1/3 %:
    // 100 tiyn × 3333 ppm = 0.3333 tiyn → 0; at 5000 ppm (0.5 %) 100 × 0.005 = 0.5 tiyn → 1.
    const third = bonusFor({ planTiyn: 300n, baseTiyn: 100n, bands: [band(0, 0.3333)], mode: "step" });
    expect(third.bonusTiyn).toBe(0n);
    const half = bonusFor({ planTiyn: 300n, baseTiyn: 100n, bands: [band(0, 0.5)], mode: "step" });
    expect(half.bonusTiyn).toBe(1n);
    const thirds = bonusFor({
      planTiyn: tenge(3_000_000),
      baseTiyn: tenge(1_000_000),
      bands: [band(0, 0), band(100, 1)],
      mode: "linear",
    });
    // Rate = 1 % × 1/3 = 0.333…%; 1 000 000 × 0.00333… = 3 333.333… → 3 333.33.
    expect(thirds.bonusTiyn).toBe(333_333n);
  });

  it("adds the fixed part, applies the cap to the whole, and pays only the fixed part without a plan", () => {
    const input = { planTiyn: tenge(10_000_000), baseTiyn: tenge(15_000_000), bands, mode: "step" as const };
    expect(bonusFor({ ...input, fixedTiyn: tenge(50_000) }).bonusTiyn).toBe(tenge(500_000));
    expect(bonusFor({ ...input, fixedTiyn: tenge(50_000), capTiyn: tenge(300_000) }).bonusTiyn).toBe(tenge(300_000));
    expect(bonusFor({ ...input, planTiyn: 0n, fixedTiyn: tenge(50_000) }).bonusTiyn).toBe(tenge(50_000));
  });

  it("multiplies by the activity coefficient, never below the floor", () => {
    const input = { planTiyn: tenge(10_000_000), baseTiyn: tenge(10_000_000), bands, mode: "step" as const };
    const at = (value: bigint | null) =>
      bonusFor({ ...input, coefficient: { valueTenThousandths: value, floorTenThousandths: 8_000n } });
    // 200 000 × 0.925 = 185 000; × 1.1 = 220 000; below the floor (0.5) → × 0.8 = 160 000; none → floor.
    expect(at(9_250n).bonusTiyn).toBe(tenge(185_000));
    expect(at(11_000n).bonusTiyn).toBe(tenge(220_000));
    expect(at(5_000n)).toMatchObject({ multiplierTenThousandths: 8_000n, bonusTiyn: tenge(160_000) });
    expect(at(null).bonusTiyn).toBe(tenge(160_000));
  });

  it("agrees with a plain reference on random schemes to the tiyn", () => {
    let seed = 42;
    const next = () => {
      seed = (seed * 16_807) % 2_147_483_647;
      return seed / 2_147_483_647;
    };
    for (let round = 0; round < 500; round++) {
      const plan = Math.floor(next() * 50_000_000) + 1;
      const base = Math.floor(next() * 80_000_000);
      const scheme = [band(70, 0.5), band(100, 1.5 + Math.floor(next() * 10) / 10), band(130, 4)];
      const mode = next() > 0.5 ? "linear" : "step";
      const got = bonusFor({ planTiyn: BigInt(plan) * 100n, baseTiyn: BigInt(base) * 100n, bands: scheme, mode });
      // The reference works in floating percent on whole tenge; it agrees to within a tiyn.
      const completion = (base / plan) * 100;
      const points = scheme.map((item) => ({
        from: Number(item.fromCompletionHundredths) / 100,
        rate: Number(item.ratePpm) / 10_000,
      }));
      let rate = 0;
      for (const [index, point] of points.entries()) {
        if (completion < point.from) break;
        const following = points[index + 1];
        rate =
          mode === "step" || !following
            ? point.rate
            : point.rate + ((following.rate - point.rate) * (completion - point.from)) / (following.from - point.from);
      }
      const reference = Math.round(base * rate); // tiyn: base tenge × rate % = base × rate tiyn
      expect(Math.abs(Number(got.bonusTiyn) - reference)).toBeLessThanOrEqual(1);
    }
  });
});
