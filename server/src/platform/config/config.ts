import { isIP } from "node:net";
import path from "node:path";
import { z } from "zod";

/** The repository's root: `npm start` runs the server inside `server/`, but the data belongs beside the README. */
const repositoryRoot = path.resolve(import.meta.dirname, "../../../..");

const booleanFlag = z
  .enum(["0", "1", "true", "false", "yes", "no"])
  .transform((value) => value === "1" || value === "true" || value === "yes");

/** The names proxy-addr (Fastify's `trustProxy`) knows for address ranges. */
const proxyRangeNames = new Set(["loopback", "linklocal", "uniquelocal"]);

function isProxyAddress(entry: string): boolean {
  if (proxyRangeNames.has(entry)) return true;
  const [address = "", prefix, ...rest] = entry.split("/");
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (version === 4 ? 32 : 128);
}

/**
 * Whose X-Forwarded-For / -Proto / -Host to believe: nobody (unset), or the proxies at these addresses
 * or ranges (comma-separated). Never everybody, or any client picks its own address and walks past the
 * login throttle. No hop count either: Fastify 5 trusts nobody for one, as it cannot check the peer.
 */
const trustProxySchema = z
  .string()
  .trim()
  .optional()
  .transform((value, context): false | string[] => {
    if (!value || value === "false" || value === "no") return false;
    const entries = value.split(",").map((entry) => entry.trim());
    const wrong = entries.filter((entry) => !isProxyAddress(entry));
    if (wrong.length === 0) return entries;
    context.addIssue({
      code: "custom",
      message: `expected the proxies' addresses or CIDR ranges, comma-separated (loopback, linklocal and uniquelocal are also known); not ${wrong.join(", ")}`,
    });
    return z.NEVER;
  });

const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  PLANERKA_DATA_DIR: z.string().min(1).optional(),
  PLANERKA_DEMO: booleanFlag.default(true),
  PLANERKA_PUBLIC_URL: z
    .url()
    .optional()
    .or(z.literal("").transform(() => undefined)),
  /** Seals stored secrets (the SMTP password); every instance of one company needs the same. */
  PLANERKA_SECRET_KEY: z
    .string()
    .min(16, "must be at least 16 characters")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  PLANERKA_TRUST_PROXY: trustProxySchema,
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  demo: boolean;
  publicUrl?: string;
  logLevel: string;
  secretKey?: string;
  /** Fastify's `trustProxy`: false, or the proxies' addresses and ranges. */
  trustProxy: false | string[];
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration in the environment:\n${lines.join("\n")}`);
  }
  const value = parsed.data;
  return {
    port: value.PORT,
    host: value.HOST,
    databaseUrl: value.DATABASE_URL,
    // A relative folder is read from where the user typed the command (npm keeps it in INIT_CWD).
    dataDir:
      value.PLANERKA_DATA_DIR === undefined
        ? path.join(repositoryRoot, "data")
        : path.resolve(env.INIT_CWD ?? process.cwd(), value.PLANERKA_DATA_DIR),
    demo: value.PLANERKA_DEMO,
    publicUrl: value.PLANERKA_PUBLIC_URL,
    logLevel: value.LOG_LEVEL,
    secretKey: value.PLANERKA_SECRET_KEY,
    trustProxy: value.PLANERKA_TRUST_PROXY,
  };
}
