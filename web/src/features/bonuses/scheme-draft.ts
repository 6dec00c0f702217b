import type { BonusPeriodKind, BonusScheme, bonusSchemeWriteSchema, PersonRef, Role } from "@planerka/common";
import type { z } from "zod";

/** The API body with every field given (what `bonusSchemeWriteSchema` makes of it). */
export type SchemeBody = z.output<typeof bonusSchemeWriteSchema>;

/**
 * The scheme editor's values as typed (numbers may be "" while empty), turned into the API body
 * only when every field checks out. Pure, so the rules are tested without a browser.
 */
export interface BandDraft {
  from: number | string;
  rate: number | string;
}

export interface SchemeDraft {
  [key: string]: unknown;
  name: string;
  period: BonusPeriodKind;
  role: Role | null;
  unitId: string | null;
  users: PersonRef[];
  base: "own" | "unit";
  mode: "step" | "linear";
  bands: BandDraft[];
  fixed: number | string;
  cap: number | string;
  useCoefficient: boolean;
  floor: number | string;
  active: boolean;
}

export function emptySchemeDraft(): SchemeDraft {
  return {
    name: "",
    period: "month",
    role: "manager",
    unitId: null,
    users: [],
    base: "own",
    mode: "step",
    // One band to fill in: a sample rate would be easy to save by mistake as the company's own.
    bands: [{ from: 100, rate: "" }],
    fixed: 0,
    cap: "",
    useCoefficient: false,
    floor: 80,
    active: true,
  };
}

/** A stored scheme in the editor; `names` holds the names of the people it names (by id). */
export function schemeDraftOf(scheme: BonusScheme, names: ReadonlyMap<string, string>): SchemeDraft {
  return {
    name: scheme.name,
    period: scheme.period,
    role: scheme.appliesTo.role ?? null,
    unitId: scheme.appliesTo.unitId ?? null,
    users: (scheme.appliesTo.userIds ?? []).map((id) => ({ id, name: names.get(id) ?? id })),
    base: scheme.base,
    mode: scheme.mode,
    bands: scheme.bands.map((band) => ({ from: band.fromCompletion, rate: band.rate })),
    fixed: scheme.fixed,
    cap: scheme.cap ?? "",
    useCoefficient: scheme.coefficient !== null,
    floor: scheme.coefficient?.floor ?? 80,
    active: scheme.active,
  };
}

/** Why a field is refused: a key under `bonuses.schemes.errors`, with its values. */
export interface DraftError {
  key: "required" | "appliesTo" | "number" | "range" | "decimals" | "bandsOrder";
  values?: Record<string, number>;
}

const isBlank = (value: number | string) => typeof value === "string" && value.trim() === "";

function decimalsOf(value: number): number {
  const [, fraction = ""] = String(value).split(".");
  return fraction.replace(/e.*$/, "").length;
}

/** A number in [min, max] with at most `places` decimals, or the reason it is not. */
function checkNumber(value: number | string, min: number, max: number, places: number): DraftError | number {
  if (isBlank(value)) return { key: "required" };
  const number = typeof value === "number" ? value : Number(value.replace(",", "."));
  if (!Number.isFinite(number)) return { key: "number" };
  if (number < min || number > max) return { key: "range", values: { min, max } };
  if (decimalsOf(number) > places) return { key: "decimals", values: { places } };
  return number;
}

export type DraftCheck = { ok: true; body: SchemeBody } | { ok: false; errors: Record<string, DraftError> };

/**
 * The same rules as `bonusSchemeWriteSchema`, checked before sending so each message lands on its
 * own field (a band's cell, not the whole list). Error keys are the editor's field names:
 * `name`, `appliesTo`, `bands`, `bands.0.from`, `bands.0.rate`, `fixed`, `cap`, `floor`.
 */
export function checkSchemeDraft(draft: SchemeDraft): DraftCheck {
  const errors: Record<string, DraftError> = {};
  const take = (field: string, result: DraftError | number): number | null => {
    if (typeof result === "number") return result;
    errors[field] = result;
    return null;
  };
  const name = draft.name.trim();
  if (!name) errors.name = { key: "required" };
  if (!draft.role && !draft.unitId && draft.users.length === 0) errors.appliesTo = { key: "appliesTo" };
  const bands = draft.bands.map((band, index) => ({
    fromCompletion: take(`bands.${index}.from`, checkNumber(band.from, 0, 1000, 2)),
    rate: take(`bands.${index}.rate`, checkNumber(band.rate, 0, 100, 4)),
  }));
  if (bands.length === 0) errors.bands = { key: "required" };
  bands.forEach((band, index) => {
    const before = bands[index - 1]?.fromCompletion;
    if (index > 0 && band.fromCompletion !== null && before != null && band.fromCompletion <= before) {
      errors[`bands.${index}.from`] ??= { key: "bandsOrder" };
    }
  });
  const fixed = take("fixed", isBlank(draft.fixed) ? 0 : checkNumber(draft.fixed, 0, 1e15, 2));
  const cap = isBlank(draft.cap) ? null : take("cap", checkNumber(draft.cap, 0, 1e15, 2));
  const floor = draft.useCoefficient ? take("floor", checkNumber(draft.floor, 0, 120, 2)) : null;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    body: {
      name,
      period: draft.period,
      appliesTo: {
        ...(draft.role ? { role: draft.role } : {}),
        ...(draft.unitId ? { unitId: draft.unitId } : {}),
        ...(draft.users.length > 0 ? { userIds: draft.users.map((person) => person.id) } : {}),
      },
      base: draft.base,
      mode: draft.mode,
      bands: bands.map((band) => ({ fromCompletion: band.fromCompletion ?? 0, rate: band.rate ?? 0 })),
      fixed: fixed ?? 0,
      cap,
      coefficient: draft.useCoefficient ? { floor: floor ?? 0 } : null,
      active: draft.active,
    },
  };
}

/**
 * The editor's field for a server error's path: `body.bands.1.rate` → `bands.1.rate`,
 * `body.appliesTo.userIds.0` → `users`, `body.coefficient.floor` → `floor`.
 */
export function schemeFieldOf(path: string): string {
  const parts = path.replace(/^body\.?/, "").split(".");
  const [first, second, third] = parts;
  if (first === "appliesTo") {
    if (second === "role") return "role";
    if (second === "unitId") return "unitId";
    if (second === "userIds") return "users";
    return "appliesTo";
  }
  if (first === "bands") {
    if (second !== undefined && /^\d+$/.test(second)) {
      return `bands.${second}.${third === "rate" ? "rate" : "from"}`;
    }
    return "bands";
  }
  if (first === "coefficient") return "floor";
  return first ?? "";
}
