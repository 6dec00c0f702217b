import { describe, expect, it } from "vitest";
import { useTestApp } from "../../testing/test-app";
import { telephonyEventsPerMinute } from "./telephony.routes";

/** A PBX flooding the webhook is slowed with 429 and Retry-After, which it honours by sending again later. */
describe("telephony: a flood of events", () => {
  const context = useTestApp();

  it("answers 429 with Retry-After past the minute's allowance, and the rest of the API is not affected", async () => {
    const post = () =>
      context.app.inject({
        method: "POST",
        url: "/api/v1/integrations/telephony/events",
        headers: { "content-type": "application/json" },
        payload: "{}",
      });
    for (let index = 0; index < telephonyEventsPerMinute; index++) expect((await post()).statusCode).toBe(401);
    const flooded = await post();
    expect(flooded.statusCode).toBe(429);
    expect(Number(flooded.headers["retry-after"])).toBeGreaterThan(0);
    expect(flooded.headers["content-type"]).toContain("application/problem+json");
    expect((await context.app.inject({ method: "GET", url: "/api/v1/setup" })).statusCode).toBe(200);
  });
});
