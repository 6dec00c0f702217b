import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  integer,
  optionalDay,
  optionalFlag,
  optionalId,
  optionalPage,
  optionalParam,
  optionalText,
  textOrNumber,
} from "./search-params";

/** What the router does with a route's `validateSearch` schema (router-core's `validateSearch`). */
function read<T extends z.ZodType>(schema: T, search: Record<string, unknown>): z.output<T> {
  const result = schema["~standard"].validate(search);
  if (result instanceof Promise) throw new Error("the router refuses asynchronous schemas");
  if (result.issues) throw new Error(`the router would show an error page: ${JSON.stringify(result.issues)}`);
  return result.value as z.output<T>;
}

const id = "0b7c3f4e-8d1a-4c57-9e0f-2a6b5c4d3e21";

describe("a search field", () => {
  const schema = z.object({ tab: optionalParam(z.enum(["a", "b"])), page: optionalPage });

  it("keeps a valid value", () => {
    expect(read(schema, { tab: "b", page: 3 })).toEqual({ tab: "b", page: 3 });
  });

  it("drops an invalid value instead of failing, so the page opens with its default", () => {
    const search = read(schema, { tab: "c", page: "next" });
    expect(search).toEqual({ tab: undefined, page: undefined });
    // The key stays, as undefined: the router lays the result over the raw search, so a missing key
    // would let the raw value through.
    expect(Object.keys(search).sort()).toEqual(["page", "tab"]);
  });

  it("leaves an absent value absent and drops unknown keys", () => {
    expect(read(schema, { other: "x" })).toEqual({});
  });

  it("never fails, whatever the address holds", () => {
    for (const value of [null, true, false, 0, -1, 1.5, [], ["a"], {}, { a: 1 }, "", " "]) {
      expect(read(schema, { tab: value, page: value })).toEqual({ tab: undefined, page: undefined });
    }
  });
});

describe("text", () => {
  const schema = z.object({ q: optionalText });

  it("keeps text as written, spaces included", () => {
    expect(read(schema, { q: " Алматы " }).q).toBe(" Алматы ");
  });

  it("drops blank text and what is not text", () => {
    expect(read(schema, { q: "" }).q).toBeUndefined();
    expect(read(schema, { q: " \t\n" }).q).toBeUndefined();
    expect(read(schema, { q: 14250 }).q).toBeUndefined();
    expect(read(schema, { q: true }).q).toBeUndefined();
  });

  it("takes a number the router read from the address back as its text where asked to", () => {
    expect(textOrNumber.parse(14250)).toBe("14250");
    expect(textOrNumber.parse(1.5)).toBe("1.5");
    expect(textOrNumber.parse("abc")).toBe("abc");
    expect(textOrNumber.safeParse(" ").success).toBe(false);
    expect(textOrNumber.safeParse(false).success).toBe(false);
  });
});

describe("numbers", () => {
  it("reads an integer from a number or from text", () => {
    expect(integer.parse(7)).toBe(7);
    expect(integer.parse("7")).toBe(7);
    expect(integer.parse(" 7 ")).toBe(7);
    expect(integer.safeParse(7.5).success).toBe(false);
    expect(integer.safeParse("7.5").success).toBe(false);
    expect(integer.safeParse("seven").success).toBe(false);
    expect(integer.safeParse([7]).success).toBe(false);
    expect(integer.safeParse(true).success).toBe(false);
  });

  it("keeps pages after the first and drops page 1, zero and below", () => {
    const schema = z.object({ page: optionalPage });
    expect(read(schema, { page: 2 }).page).toBe(2);
    expect(read(schema, { page: "12" }).page).toBe(12);
    for (const page of [1, 0, -3, "1", "", 2.5, "2.5"]) expect(read(schema, { page }).page).toBeUndefined();
  });
});

describe("ids, days and switches", () => {
  it("keeps an id and drops anything else", () => {
    const schema = z.object({ id: optionalId });
    expect(read(schema, { id }).id).toBe(id);
    expect(read(schema, { id: id.toUpperCase() }).id).toBe(id.toUpperCase());
    for (const value of [id.slice(1), `${id},${id}`, "not-an-id", 42])
      expect(read(schema, { id: value }).id).toBeUndefined();
  });

  it("keeps a day with a possible month and day of month", () => {
    const schema = z.object({ day: optionalDay });
    expect(read(schema, { day: "2026-03-31" }).day).toBe("2026-03-31");
    for (const day of ["2026-13-01", "2026-00-10", "2026-03-32", "2026-3-1", "2026-03-01T00:00", 20260301]) {
      expect(read(schema, { day }).day).toBeUndefined();
    }
  });

  it("turns a switch on for true and «true» only", () => {
    const schema = z.object({ on: optionalFlag });
    expect(read(schema, { on: true }).on).toBe(true);
    expect(read(schema, { on: "true" }).on).toBe(true);
    for (const on of [false, "false", "1", 1, "yes"]) expect(read(schema, { on }).on).toBeUndefined();
  });
});
