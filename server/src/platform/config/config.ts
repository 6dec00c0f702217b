import path from "node:path";
import { z } from "zod";

/** The repository's root: `npm start` runs the server inside `server/`, but the data belongs beside the README. */
const repositoryRoot = path.resolve(import.meta.dirname, "../../../..");

const booleanFlag = z
  .enum(["0", "1", "true", "false", "yes", "no"])
  .transform((value) => value === "1" || value === "true" || value === "yes");

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
  };
}
