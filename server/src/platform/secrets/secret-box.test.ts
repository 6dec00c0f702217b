import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadSecretKey, openSecret, SecretKeyError, sealSecret } from "./secret-box";

describe("secret box", () => {
  const folders: string[] = [];
  afterAll(async () => {
    await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
  });

  it("seals so that the stored text holds no trace of the secret, and opens it again", async () => {
    await loadSecretKey({ secretKey: "company-key", dataDir: "/nonexistent" });
    const sealed = sealSecret("пароль-SMTP-123");
    expect(sealed).toMatch(/^v1:/);
    expect(sealed).not.toContain("123");
    expect(sealSecret("пароль-SMTP-123")).not.toBe(sealed);
    expect(openSecret(sealed)).toBe("пароль-SMTP-123");
    // A value stored before sealing existed still works.
    expect(openSecret("plain-old")).toBe("plain-old");
  });

  it("refuses a secret sealed with another key or tampered with", async () => {
    await loadSecretKey({ secretKey: "key-one", dataDir: "/nonexistent" });
    const sealed = sealSecret("secret");
    await loadSecretKey({ secretKey: "key-two", dataDir: "/nonexistent" });
    expect(() => openSecret(sealed)).toThrow(SecretKeyError);
    await loadSecretKey({ secretKey: "key-one", dataDir: "/nonexistent" });
    const tampered = `${sealed.slice(0, -4)}AAAA`;
    expect(() => openSecret(tampered)).toThrow(SecretKeyError);
  });

  it("creates a key file readable by its owner only, and reads the same key after a restart", async () => {
    const folder = await mkdtemp(path.join(tmpdir(), "planerka-secret-"));
    folders.push(folder);
    await loadSecretKey({ dataDir: folder });
    const sealed = sealSecret("kept");
    const file = path.join(folder, "secret.key");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const material = await readFile(file, "utf8");
    await loadSecretKey({ secretKey: "something else", dataDir: folder });
    expect(() => openSecret(sealed)).toThrow(SecretKeyError);
    await loadSecretKey({ dataDir: folder });
    expect(await readFile(file, "utf8")).toBe(material);
    expect(openSecret(sealed)).toBe("kept");
  });
});
