import { ImapFlow } from "imapflow";
import { openSecret } from "../../platform/secrets/secret-box";

/** What the importer and «Проверить соединение» need of a mailbox row to log in. */
export interface ImapAccount {
  host: string;
  port: number;
  security: "tls" | "starttls" | "none";
  username: string;
  /** Sealed, as stored. */
  password: string | null;
  folder: string;
}

/**
 * A client for the account, not yet connected. STARTTLS is required when asked for (a server that
 * does not offer it fails rather than sending the password in clear); `none` never upgrades.
 * Timeouts keep a silent server from holding the importer's lease.
 */
export function imapClient(account: ImapAccount): ImapFlow {
  return new ImapFlow({
    host: account.host,
    port: account.port,
    secure: account.security === "tls",
    doSTARTTLS: account.security === "starttls" ? true : account.security === "none" ? false : undefined,
    auth: { user: account.username, pass: account.password ? openSecret(account.password) : "" },
    logger: false,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 60_000,
    disableAutoIdle: true,
  });
}

/** The error as a person can read it: the server's answer when there is one. */
export function imapErrorText(error: unknown): string {
  if (error && typeof error === "object") {
    const detail = error as { responseText?: string; message?: string; code?: string };
    const text = detail.responseText || detail.message || detail.code;
    if (text) return String(text).slice(0, 1000);
  }
  return String(error).slice(0, 1000);
}

/** «Проверить соединение»: logs in, opens the folder and says how many letters it holds. */
export async function checkImapAccount(account: ImapAccount) {
  const client = imapClient(account);
  client.on("error", () => {});
  try {
    await client.connect();
    const status = await client.status(account.folder, { messages: true });
    return { ok: true, error: null, messages: status ? (status.messages ?? null) : null };
  } catch (error) {
    return { ok: false, error: imapErrorText(error), messages: null };
  } finally {
    await client.logout().catch(() => client.close());
  }
}
