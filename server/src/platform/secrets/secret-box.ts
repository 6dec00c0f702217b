import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * Secrets the server must use again later (the SMTP password) are stored sealed with AES-256-GCM,
 * so a database dump or backup does not hold them in plain text. The key comes from
 * PLANERKA_SECRET_KEY (every instance of one company must share it) or, for a single instance, a
 * key file created in the data folder on first start.
 */
let key: Buffer | undefined;
const prefix = "v1:";

export class SecretKeyError extends Error {}

function keyFrom(material: string): Buffer {
  return createHash("sha256").update(material, "utf8").digest();
}

/** Reads the key from the environment or the key file (created once, readable by the owner only). */
export async function loadSecretKey(options: { secretKey?: string; dataDir: string }): Promise<void> {
  if (options.secretKey) {
    key = keyFrom(options.secretKey);
    return;
  }
  const file = path.join(options.dataDir, "secret.key");
  try {
    key = keyFrom((await readFile(file, "utf8")).trim());
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    const material = randomBytes(32).toString("base64");
    await mkdir(options.dataDir, { recursive: true });
    await writeFile(file, `${material}\n`, { mode: 0o600, flag: "wx" });
    await chmod(file, 0o600);
    key = keyFrom(material);
  }
}

/** Without a configured key (tests, tools) a key lives for this process only. */
function currentKey(): Buffer {
  key ??= randomBytes(32);
  return key;
}

export function sealSecret(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", currentKey(), iv);
  const sealed = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return prefix + Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString("base64");
}

/** Opens a sealed secret; a value stored before sealing existed is returned as it is. */
export function openSecret(stored: string): string {
  if (!stored.startsWith(prefix)) return stored;
  const raw = Buffer.from(stored.slice(prefix.length), "base64");
  try {
    const decipher = createDecipheriv("aes-256-gcm", currentKey(), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretKeyError(
      "A stored secret cannot be opened with this server's key: set PLANERKA_SECRET_KEY to the key it was saved with, or enter the secret again",
    );
  }
}
