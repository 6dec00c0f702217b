import type { Readable } from "node:stream";
import nodemailer from "nodemailer";

/** How to reach the outgoing mail server. */
export interface SmtpConnection {
  host: string;
  port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS is used when the server offers it. */
  secure: boolean;
  user: string | null;
  password: string | null;
}

export interface OutgoingLetter {
  from: { name: string | null; address: string };
  /** Where the client's answer goes: the employee who wrote. */
  replyTo?: string | null;
  to: string;
  subject: string;
  text: string;
  /** A reply's thread headers: the answered letter's Message-ID, and the References chain (space-separated). */
  inReplyTo?: string | null;
  references?: string | null;
  /** Files the letter carries (`content` read from storage while the letter is written out). */
  attachments?: { filename: string; contentType: string; content: Buffer | Readable }[];
}

/** Seconds a slow or silent server may take before the letter counts as failed. */
const timeouts = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/**
 * Sends one plain-text letter (UTF-8) and returns the server's message id. Throws with the
 * server's answer when it refuses; the caller keeps the letter and the error.
 */
export async function sendLetter(connection: SmtpConnection, letter: OutgoingLetter): Promise<{ messageId: string }> {
  const transport = nodemailer.createTransport({
    host: connection.host,
    port: connection.port,
    secure: connection.secure,
    auth: connection.user ? { user: connection.user, pass: connection.password ?? "" } : undefined,
    ...timeouts,
  });
  try {
    const info = await transport.sendMail({
      from: letter.from.name ? { name: letter.from.name, address: letter.from.address } : letter.from.address,
      ...(letter.replyTo ? { replyTo: letter.replyTo } : {}),
      to: letter.to,
      subject: letter.subject,
      text: letter.text,
      textEncoding: "base64",
      ...(letter.inReplyTo ? { inReplyTo: letter.inReplyTo } : {}),
      ...(letter.references ? { references: letter.references } : {}),
      ...(letter.attachments?.length ? { attachments: letter.attachments } : {}),
    });
    return { messageId: info.messageId };
  } finally {
    transport.close();
  }
}

/** The error as a person can read it, without a stack: "Invalid login: 535 Authentication failed". */
export function mailErrorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.slice(0, 1000);
}

/** «Проверить соединение» gives up after this long whatever the server does. */
const verifyLimitMs = 15_000;

/**
 * Connects, says hello and logs in as a letter would, then leaves: `{ok:true}`, or the server's
 * answer ("Invalid login: 535 …", "connect ECONNREFUSED …") within 15 s.
 */
export async function verifyConnection(
  connection: SmtpConnection,
): Promise<{ ok: true } | { ok: false; error: string }> {
  const transport = nodemailer.createTransport({
    host: connection.host,
    port: connection.port,
    secure: connection.secure,
    auth: connection.user ? { user: connection.user, pass: connection.password ?? "" } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: verifyLimitMs,
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    const limit = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error("No answer from the server within 15 s")), verifyLimitMs);
    });
    await Promise.race([transport.verify(), limit]);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: mailErrorText(error) };
  } finally {
    clearTimeout(timer);
    transport.close();
  }
}
