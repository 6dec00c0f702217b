import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface Arrived {
  mailFrom: string;
  rcptTo: string[];
  user: string | undefined;
  raw: string;
}

/** A real SMTP server on loopback: no TLS, any login accepted except the password "wrong". */
export async function startSmtpServer() {
  const arrived: Arrived[] = [];
  const logins: { user: string; password: string }[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      logins.push({ user: auth.username ?? "", password: auth.password ?? "" });
      if (auth.password === "wrong") return callback(new Error("Authentication failed"));
      callback(null, { user: auth.username });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        arrived.push({
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          rcptTo: session.envelope.rcptTo.map((entry) => entry.address),
          user: session.user as string | undefined,
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { server, port, arrived, logins, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Quoted-printable (or RFC 2047 "Q") text to its bytes. */
function decodeQuoted(text: string, underscoreIsSpace: boolean): Buffer {
  const bytes: number[] = [];
  const source = text.replace(/=\r\n/g, "");
  for (let index = 0; index < source.length; index++) {
    const char = source[index]!;
    if (char === "=" && /^[0-9A-F]{2}$/i.test(source.slice(index + 1, index + 3))) {
      bytes.push(Number.parseInt(source.slice(index + 1, index + 3), 16));
      index += 2;
    } else if (char === "_" && underscoreIsSpace) bytes.push(0x20);
    else bytes.push(...Buffer.from(char, "utf8"));
  }
  return Buffer.from(bytes);
}

/** Headers unfolded and RFC 2047 words decoded, the text part's base64 or quoted-printable decoded. */
export function parseLetter(raw: string) {
  const [head, ...rest] = raw.split("\r\n\r\n");
  const headers = new Map<string, string>();
  for (const line of head!.replace(/\r\n[ \t]+/g, " ").split("\r\n")) {
    const colon = line.indexOf(":");
    const value = line
      .slice(colon + 1)
      .trim()
      // Space between two encoded words is not part of the text.
      .replace(/\?=\s+=\?/g, "?==?")
      .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_match, encoding: string, text: string) =>
        (encoding.toLowerCase() === "b" ? Buffer.from(text, "base64") : decodeQuoted(text, true)).toString("utf8"),
      );
    headers.set(line.slice(0, colon).toLowerCase(), value);
  }
  const rawBody = rest.join("\r\n\r\n");
  const encoding = headers.get("content-transfer-encoding")?.toLowerCase();
  const body =
    encoding === "base64"
      ? Buffer.from(rawBody.replace(/\s+/g, ""), "base64").toString("utf8")
      : encoding === "quoted-printable"
        ? decodeQuoted(rawBody, false).toString("utf8")
        : rawBody;
  return { headers, body: body.replace(/\r\n/g, "\n").replace(/\n$/, "") };
}

export type SmtpTestServer = Awaited<ReturnType<typeof startSmtpServer>>;

/** The SMTP settings (`PUT /api/v1/mail/smtp`) that send through this test server. */
export const smtpSettingsFor = (smtp: SmtpTestServer) => ({
  host: "127.0.0.1",
  port: smtp.port,
  secure: false,
  user: "robot",
  password: "secret",
  fromAddress: "crm@example.kz",
});
