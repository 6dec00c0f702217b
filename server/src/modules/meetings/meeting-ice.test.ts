import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../platform/config/config";
import { iceServersFor } from "./meeting-ice";

describe("the meeting rooms' ICE servers", () => {
  it("are none by default, and read from PLANERKA_ICE_SERVERS as JSON", () => {
    expect(loadConfig({}).ice).toEqual({ servers: [], turnSecret: undefined });
    const servers = [
      { urls: "stun:stun.example.kz:3478" },
      { urls: ["turn:turn.example.kz:3478", "turns:turn.example.kz:5349"], username: "u", credential: "p" },
    ];
    expect(loadConfig({ PLANERKA_ICE_SERVERS: JSON.stringify(servers) }).ice.servers).toEqual(servers);
  });

  it("refuse what a browser could not use, naming the variable", () => {
    for (const value of [
      "turn:turn.example.kz",
      '{"urls":"stun:x"}',
      '[{"urls":"http://turn.example.kz"}]',
      '[{"urls":[]}]',
      '[{"urls":"stun:x","password":"p"}]',
    ]) {
      expect(() => loadConfig({ PLANERKA_ICE_SERVERS: value }), value).toThrow(ConfigError);
      expect(() => loadConfig({ PLANERKA_ICE_SERVERS: value }), value).toThrow(/PLANERKA_ICE_SERVERS/);
    }
    expect(() => loadConfig({ PLANERKA_TURN_SECRET: "short" })).toThrow(/PLANERKA_TURN_SECRET/);
  });

  it("give a TURN entry without a username coturn's time-limited credential for the person", () => {
    const secret = "a-shared-coturn-secret";
    const now = Date.UTC(2030, 0, 1);
    const [stun, turn, fixed] = iceServersFor(
      {
        servers: [
          { urls: "stun:stun.example.kz" },
          { urls: "turn:turn.example.kz:3478" },
          { urls: "turn:other.example.kz", username: "kept", credential: "as-is" },
        ],
        turnSecret: secret,
      },
      "user-1",
      now,
    );
    expect(stun).toEqual({ urls: "stun:stun.example.kz" });
    const expiry = now / 1000 + 12 * 3600;
    expect(turn).toEqual({
      urls: "turn:turn.example.kz:3478",
      username: `${expiry}:user-1`,
      credential: createHmac("sha1", secret).update(`${expiry}:user-1`).digest("base64"),
    });
    expect(fixed).toEqual({ urls: "turn:other.example.kz", username: "kept", credential: "as-is" });
    // Without a secret the entries go out as configured.
    expect(iceServersFor({ servers: [{ urls: "turn:t" }] }, "user-1")).toEqual([{ urls: "turn:t" }]);
  });
});
