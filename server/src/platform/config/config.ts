import { isIP } from "node:net";
import { availableParallelism } from "node:os";
import path from "node:path";
import { z } from "zod";
import { repositoryRoot } from "./repository-paths";

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

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((value) => value || undefined);

/** The drive's bytes in an S3 bucket instead of the data directory; a bucket name turns it on. */
const s3Fields = {
  PLANERKA_S3_BUCKET: optionalText.pipe(
    z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
        "must be a bucket name: 3–63 lowercase letters, digits, dots, hyphens",
      )
      .optional(),
  ),
  /** For S3-compatible servers (MinIO, Ceph…); unset for AWS. */
  PLANERKA_S3_ENDPOINT: z
    .url({ protocol: /^https?$/, error: "must be an http:// or https:// address" })
    .optional()
    .or(z.literal("").transform(() => undefined)),
  PLANERKA_S3_REGION: optionalText,
  PLANERKA_S3_ACCESS_KEY_ID: optionalText,
  PLANERKA_S3_SECRET_ACCESS_KEY: optionalText,
  PLANERKA_S3_FORCE_PATH_STYLE: booleanFlag.default(false),
};

/**
 * STUN and TURN servers the meeting rooms' browsers use (RTCConfiguration.iceServers), as JSON:
 * `[{"urls":"turn:turn.example.kz:3478"}]`. Unset: none, and browsers reach each other only on
 * their own network (loopback, one LAN). No media ever goes through the portal itself.
 */
const iceServerEntrySchema = z.strictObject({
  urls: z
    .union([z.string(), z.array(z.string()).min(1)])
    .refine(
      (urls) => (Array.isArray(urls) ? urls : [urls]).every((url) => /^(stun|stuns|turn|turns):[^\s]+$/.test(url)),
      "each address must start with stun:, stuns:, turn: or turns:",
    ),
  username: z.string().min(1).optional(),
  credential: z.string().min(1).optional(),
});
const iceServersSchema = z
  .string()
  .trim()
  .optional()
  .transform((value, context): z.infer<typeof iceServerEntrySchema>[] => {
    if (!value) return [];
    let json: unknown;
    try {
      json = JSON.parse(value);
    } catch {
      context.addIssue({ code: "custom", message: "must be JSON: an array of {urls, username?, credential?}" });
      return z.NEVER;
    }
    const parsed = z.array(iceServerEntrySchema).max(10).safeParse(json);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) {
      context.addIssue({ code: "custom", message: `${issue.path.join(".") || "value"}: ${issue.message}` });
    }
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
  PLANERKA_ICE_SERVERS: iceServersSchema,
  /**
   * coturn's `static-auth-secret`: TURN entries of PLANERKA_ICE_SERVERS without a username get
   * credentials for a few hours, made for each person (coturn's `use-auth-secret`).
   */
  PLANERKA_TURN_SECRET: z
    .string()
    .min(16, "must be at least 16 characters")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Server processes sharing the port on PostgreSQL (the embedded database is always one). */
  PLANERKA_WORKERS: z.coerce
    .number()
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(256, "must be at most 256")
    .optional(),
  ...s3Fields,
});

/** What one variable cannot say alone: the S3 keys come in pairs, and need a bucket. */
function checkS3Settings(value: z.infer<typeof configSchema>, context: z.RefinementCtx) {
  const keyId = value.PLANERKA_S3_ACCESS_KEY_ID;
  const secret = value.PLANERKA_S3_SECRET_ACCESS_KEY;
  if (keyId && !secret) {
    context.addIssue({
      code: "custom",
      path: ["PLANERKA_S3_SECRET_ACCESS_KEY"],
      message: "must be set with PLANERKA_S3_ACCESS_KEY_ID",
    });
  }
  if (secret && !keyId) {
    context.addIssue({
      code: "custom",
      path: ["PLANERKA_S3_ACCESS_KEY_ID"],
      message: "must be set with PLANERKA_S3_SECRET_ACCESS_KEY",
    });
  }
  // Without a bucket the files would quietly go to the data directory instead.
  const given = (["PLANERKA_S3_ENDPOINT", "PLANERKA_S3_REGION", "PLANERKA_S3_ACCESS_KEY_ID"] as const).filter(
    (name) => value[name],
  );
  if (!value.PLANERKA_S3_BUCKET && given.length > 0) {
    context.addIssue({
      code: "custom",
      path: ["PLANERKA_S3_BUCKET"],
      message: `must be set when ${given.join(", ")} is`,
    });
  }
}

export interface Config {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  demo: boolean;
  publicUrl?: string;
  logLevel: string;
  /** `PLANERKA_WORKERS`, by default the number of cores. */
  workers: number;
  secretKey?: string;
  /** Fastify's `trustProxy`: false, or the proxies' addresses and ranges. */
  trustProxy: false | string[];
  /** The meeting rooms' STUN/TURN servers, and coturn's shared secret for time-limited TURN credentials. */
  ice: { servers: IceServerSetting[]; turnSecret?: string };
  /** Where the drive keeps its files when not in `<dataDir>/drive`. */
  s3?: {
    bucket: string;
    endpoint?: string;
    region: string;
    accessKeyId?: string;
    secretAccessKey?: string;
    forcePathStyle: boolean;
  };
}

export type IceServerSetting = z.infer<typeof iceServerEntrySchema>;

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.superRefine(checkS3Settings).safeParse(env);
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
    workers: value.PLANERKA_WORKERS ?? availableParallelism(),
    secretKey: value.PLANERKA_SECRET_KEY,
    trustProxy: value.PLANERKA_TRUST_PROXY,
    ice: { servers: value.PLANERKA_ICE_SERVERS, turnSecret: value.PLANERKA_TURN_SECRET },
    s3: value.PLANERKA_S3_BUCKET
      ? {
          bucket: value.PLANERKA_S3_BUCKET,
          endpoint: value.PLANERKA_S3_ENDPOINT,
          region: value.PLANERKA_S3_REGION ?? "us-east-1",
          accessKeyId: value.PLANERKA_S3_ACCESS_KEY_ID,
          secretAccessKey: value.PLANERKA_S3_SECRET_ACCESS_KEY,
          forcePathStyle: value.PLANERKA_S3_FORCE_PATH_STYLE,
        }
      : undefined,
  };
}
