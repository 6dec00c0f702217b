import Fastify from "fastify";
import { validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { problemErrorHandler } from "../errors/problem";
import { answerSerializerCompiler, firstDifference } from "./answer-serializer";

const dealSchema = z.object({ id: z.string(), title: z.string(), amount: z.number(), closedOn: z.string().nullable() });

/** One route answering whatever the test hands it, with the deal schema declared for 200. */
async function appAnswering(answer: unknown, checkAnswers: boolean) {
  const app = Fastify().withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(answerSerializerCompiler({ checkAnswers }));
  app.setErrorHandler(problemErrorHandler);
  app.get("/deal", { schema: { response: { 200: dealSchema } } }, async () => answer as z.infer<typeof dealSchema>);
  await app.ready();
  return app;
}

const deal = { id: "d1", title: "Сварочный аппарат", amount: 120_000, closedOn: null };

describe("answers", () => {
  it("writes an answer of the schema's shape as it is, checked or not", async () => {
    for (const checkAnswers of [true, false]) {
      const app = await appAnswering({ closedOn: null, amount: 120_000, title: deal.title, id: "d1" }, checkAnswers);
      const response = await app.inject({ url: "/deal" });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual(deal);
      await app.close();
    }
  });

  it("fails the request in tests when the schema would drop a key the presenter leaked", async () => {
    const printed = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const app = await appAnswering({ ...deal, passwordHash: "secret" }, true);
    const response = await app.inject({ url: "/deal" });
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain("secret");
    expect(printed.mock.calls.flat().join(" ")).toContain(".passwordHash is not in the schema");
    printed.mockRestore();
    await app.close();
  });

  it("fails the request in tests when the answer is not of the schema's types", async () => {
    const printed = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const app = await appAnswering({ ...deal, amount: "120000" }, true);
    const response = await app.inject({ url: "/deal" });
    expect(response.statusCode).toBe(500);
    expect(printed.mock.calls.flat().join(" ")).toContain("GET /deal");
    printed.mockRestore();
    await app.close();
  });

  it("in production writes the answer without encoding it again", async () => {
    const app = await appAnswering({ ...deal, amount: "120000" }, false);
    const response = await app.inject({ url: "/deal" });
    expect(response.statusCode).toBe(200);
    expect(response.json().amount).toBe("120000");
    await app.close();
  });
});

describe("firstDifference", () => {
  it("ignores key order and names the first path that differs", () => {
    expect(firstDifference({ a: 1, b: [{ c: 2 }] }, { b: [{ c: 2 }], a: 1 }, "")).toBeNull();
    expect(firstDifference({ a: 1, b: [{ c: 2 }] }, { a: 1, b: [{ c: 3 }] }, "")).toBe(
      ".b[0].c is 2, the schema makes it 3",
    );
    expect(firstDifference({ a: [1, 2] }, { a: [1] }, "")).toContain(".a is [1,2]");
    expect(firstDifference({ a: 1 }, { a: 1, b: "x" }, "")).toBe(
      ".b is added by the schema (a default the answer lacks)",
    );
  });
});
