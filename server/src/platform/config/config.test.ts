import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config";

describe("configuration", () => {
  it("has the documented defaults", () => {
    expect(loadConfig({})).toMatchObject({ port: 3000, demo: true, databaseUrl: undefined, trustProxy: false });
  });

  it("keeps the embedded database in the repository's ./data, as the README says, whatever folder npm runs in", () => {
    const repositoryRoot = path.resolve(import.meta.dirname, "../../../..");
    expect(existsSync(path.join(repositoryRoot, "README.md"))).toBe(true);
    expect(loadConfig({}).dataDir).toBe(path.join(repositoryRoot, "data"));
    expect(loadConfig({ PLANERKA_DATA_DIR: "mine", INIT_CWD: "/srv/planerka" }).dataDir).toBe("/srv/planerka/mine");
    expect(loadConfig({ PLANERKA_DATA_DIR: "/var/lib/planerka" }).dataDir).toBe("/var/lib/planerka");
  });

  it("reads the environment", () => {
    const config = loadConfig({
      PORT: "8080",
      DATABASE_URL: "postgres://u@db:5432/planerka",
      PLANERKA_DEMO: "0",
      PLANERKA_PUBLIC_URL: "https://crm.example.kz",
      PLANERKA_SECRET_KEY: "a-long-company-secret",
    });
    expect(config).toMatchObject({
      port: 8080,
      databaseUrl: "postgres://u@db:5432/planerka",
      demo: false,
      publicUrl: "https://crm.example.kz",
      secretKey: "a-long-company-secret",
    });
  });

  it("names every wrong variable", () => {
    expect(() => loadConfig({ PORT: "eighty", DATABASE_URL: "mysql://x", PLANERKA_DEMO: "maybe" })).toThrow(
      ConfigError,
    );
    try {
      loadConfig({ PORT: "eighty", DATABASE_URL: "mysql://x", PLANERKA_DEMO: "maybe", PLANERKA_SECRET_KEY: "short" });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain("PORT");
      expect(message).toContain("DATABASE_URL");
      expect(message).toContain("PLANERKA_DEMO");
      expect(message).toContain("PLANERKA_SECRET_KEY");
    }
  });

  it("keeps the drive in the data directory unless an S3 bucket is named", () => {
    expect(loadConfig({}).s3).toBeUndefined();
    expect(loadConfig({ PLANERKA_S3_BUCKET: "" }).s3).toBeUndefined();
    expect(loadConfig({ PLANERKA_S3_BUCKET: "planerka-files" }).s3).toEqual({
      bucket: "planerka-files",
      endpoint: undefined,
      region: "us-east-1",
      accessKeyId: undefined,
      secretAccessKey: undefined,
      forcePathStyle: false,
    });
    expect(
      loadConfig({
        PLANERKA_S3_BUCKET: "planerka-files",
        PLANERKA_S3_ENDPOINT: "http://minio.local:9000",
        PLANERKA_S3_REGION: "kz-ala-1",
        PLANERKA_S3_ACCESS_KEY_ID: "key-id",
        PLANERKA_S3_SECRET_ACCESS_KEY: "secret",
        PLANERKA_S3_FORCE_PATH_STYLE: "yes",
      }).s3,
    ).toEqual({
      bucket: "planerka-files",
      endpoint: "http://minio.local:9000",
      region: "kz-ala-1",
      accessKeyId: "key-id",
      secretAccessKey: "secret",
      forcePathStyle: true,
    });
  });

  it("names the S3 variable that is wrong or missing", () => {
    const bucket = { PLANERKA_S3_BUCKET: "planerka-files" };
    expect(() => loadConfig({ ...bucket, PLANERKA_S3_ACCESS_KEY_ID: "key-id" })).toThrow(
      /PLANERKA_S3_SECRET_ACCESS_KEY: must be set with PLANERKA_S3_ACCESS_KEY_ID/,
    );
    expect(() => loadConfig({ ...bucket, PLANERKA_S3_SECRET_ACCESS_KEY: "secret" })).toThrow(
      /PLANERKA_S3_ACCESS_KEY_ID: must be set with PLANERKA_S3_SECRET_ACCESS_KEY/,
    );
    expect(() => loadConfig({ PLANERKA_S3_ENDPOINT: "http://minio.local:9000" })).toThrow(
      /PLANERKA_S3_BUCKET: must be set when PLANERKA_S3_ENDPOINT is/,
    );
    expect(() => loadConfig({ PLANERKA_S3_BUCKET: "Files_Of Planerka" })).toThrow(/PLANERKA_S3_BUCKET/);
    expect(() => loadConfig({ ...bucket, PLANERKA_S3_ENDPOINT: "minio:9000" })).toThrow(/PLANERKA_S3_ENDPOINT/);
    expect(() => loadConfig({ ...bucket, PLANERKA_S3_FORCE_PATH_STYLE: "sure" })).toThrow(
      /PLANERKA_S3_FORCE_PATH_STYLE/,
    );
  });

  it("trusts forwarded headers only from the proxies it is told of", () => {
    const trust = (value: string) => loadConfig({ PLANERKA_TRUST_PROXY: value }).trustProxy;
    expect(trust("")).toBe(false);
    expect(trust("10.0.0.2")).toEqual(["10.0.0.2"]);
    expect(trust("10.0.0.0/8, loopback,fd00::/8")).toEqual(["10.0.0.0/8", "loopback", "fd00::/8"]);
    for (const wrong of ["true", "*", "1", "10.0.0.0/33", "proxy.local", "10.0.0.1/8/9"]) {
      expect(() => trust(wrong), wrong).toThrow(/PLANERKA_TRUST_PROXY/);
    }
  });
});
