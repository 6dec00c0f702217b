import { sql } from "drizzle-orm";
import { type Executor, rows } from "../../platform/db/database";
import type { SmtpConnection } from "../../platform/mail/transport";
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
