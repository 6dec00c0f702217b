import type { SmtpCheckInput } from "@planerka/common";
import { sql } from "drizzle-orm";
import { type Executor, rows } from "../../platform/db/database";
import { invalid } from "../../platform/errors/problem";
import { type SmtpConnection, verifyConnection } from "../../platform/mail/transport";
import { openSecret } from "../../platform/secrets/secret-box";

/** The stored mail server (one row); the password still sealed. */
export interface SmtpRow {
  host: string;
  port: number;
  secure: boolean;
  username: string | null;
  password: string | null;
  fromAddress: string;
  fromName: string | null;
  version: number;
  updatedAt: Date;
}

export async function loadSmtp(executor: Executor): Promise<SmtpRow | undefined> {
  const [row] = await rows<SmtpRow>(
    executor,
    sql`select host, port, secure, username, password, from_address as "fromAddress", from_name as "fromName",
          version, updated_at as "updatedAt"
        from smtp_settings where id = 1`,
  );
  return row;
}

/** How to reach the server, the password opened for logging in. */
export function connectionOf(smtp: SmtpRow): SmtpConnection {
  return {
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    user: smtp.username,
    password: smtp.password === null ? null : openSecret(smtp.password),
  };
}

/**
 * «Проверить соединение»: the stored settings, or those being edited. A password left out or
 * empty means the stored one, but only for the stored host: typing another host must not send the
 * stored password to it (an administrator never reads that password back either).
 */
export async function checkSmtpOrThrow(executor: Executor, input: SmtpCheckInput) {
  const saved = await loadSmtp(executor);
  if (!input) {
    if (!saved) throw invalid("host", "No mail server is set up: enter one to check it");
    return verifyConnection(connectionOf(saved));
  }
  const sameHost = saved !== undefined && saved.host.toLowerCase() === input.host.toLowerCase();
  const storedPassword = sameHost && saved.password !== null ? openSecret(saved.password) : null;
  return verifyConnection({
    host: input.host,
    port: input.port,
    secure: input.secure,
    user: input.user?.trim() || null,
    password: input.password ? input.password : storedPassword,
  });
}
