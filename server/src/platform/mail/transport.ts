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
