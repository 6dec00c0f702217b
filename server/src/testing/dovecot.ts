import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createConnection, createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { ImapFlow } from "imapflow";

/**
 * A real IMAP server for the incoming-mail tests: Debian's Dovecot (`apt-get install
 * dovecot-imapd`), started as a child process with its own configuration in a temporary folder —
 * loopback, a free high port, no TLS, a passwd-file of users, maildir storage in the folder. No
 * system configuration and no root-owned path is used; as root, Dovecot's own unprivileged users
 * (made by the package) run its processes and own the mail.
 */
export const dovecotBinary = "/usr/sbin/dovecot";
export const dovecotAvailable = existsSync(dovecotBinary);
export const dovecotMissing = `${dovecotBinary} is absent: install dovecot-imapd (.ci/run does) to run the IMAP tests`;

export interface DovecotServer {
  host: string;
  port: number;
  /** Puts a letter in a user's folder as if it had arrived (IMAP APPEND). */
  append(user: string, source: string | Buffer, folder?: string): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === "string") throw new Error("no free port");
  return address.port;
}

/** uid and gid of a system user from /etc/passwd. */
function systemUser(name: string): { uid: number; gid: number } | null {
  const line = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((entry) => entry.startsWith(`${name}:`));
  if (!line) return null;
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}

async function waitForPort(port: number, child: ChildProcess, log: string) {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: "127.0.0.1", port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const text = await readFile(log, "utf8").catch(() => "");
  throw new Error(`Dovecot did not start on port ${port}:\n${text}`);
}

export async function startDovecot(users: { user: string; password: string }[]): Promise<DovecotServer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "planerka-dovecot-"));
  // Dovecot's login processes (another user when run as root) must reach the sockets below.
  await chmod(dir, 0o755);
  const root = process.getuid?.() === 0;
  const self = os.userInfo();
  const group = root ? "dovecot" : (systemGroupName(self.gid) ?? String(self.gid));
  const mailOwner = root ? systemUser("dovecot") : { uid: self.uid, gid: self.gid };
  if (!mailOwner) throw new Error("Dovecot's system user is missing: reinstall dovecot-core");
  const port = await freePort();
  await mkdir(path.join(dir, "mail"));
  if (root) await chown(path.join(dir, "mail"), mailOwner.uid, mailOwner.gid);
  await writeFile(
    path.join(dir, "passwd"),
    users
      .map(
        ({ user, password }) =>
          `${user}:{PLAIN}${password}:${mailOwner.uid}:${mailOwner.gid}::${path.join(dir, "mail", user)}`,
      )
      .join("\n"),
  );
  const log = path.join(dir, "dovecot.log");
  const config = path.join(dir, "dovecot.conf");
  await writeFile(
    config,
    `protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
instance_name = planerka-test-${port}
log_path = ${log}
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
# A wrong password is answered at once (the anvil penalty still slows the next login by a few seconds).
auth_failure_delay = 0
mail_location = maildir:${dir}/mail/%u/Maildir
default_internal_user = ${root ? "dovecot" : self.username}
default_internal_group = ${group}
default_login_user = ${root ? "dovenull" : self.username}
first_valid_uid = 1
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = passwd-file
  args = username_format=%u ${dir}/passwd
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
`,
  );
  const child = spawn(dovecotBinary, ["-F", "-c", config], { stdio: "ignore" });
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  await waitForPort(port, child, log);

  const connect = async (user: string) => {
    const password = users.find((entry) => entry.user === user)?.password ?? "";
    const client = new ImapFlow({
      host: "127.0.0.1",
      port,
      secure: false,
      doSTARTTLS: false,
      auth: { user, pass: password },
      logger: false,
    });
    await client.connect();
    return client;
  };

  return {
    host: "127.0.0.1",
    port,
    async append(user, source, folder = "INBOX") {
      const client = await connect(user);
      try {
        await client.append(folder, source);
      } finally {
        await client.logout();
      }
    },
    async stop() {
      process.removeListener("exit", killOnExit);
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function systemGroupName(gid: number): string | null {
  const line = readFileSync("/etc/group", "utf8")
    .split("\n")
    .find((entry) => entry.split(":")[2] === String(gid));
  return line ? line.split(":")[0]! : null;
}

/** A plain letter's source, CRLF line ends; `extra` adds headers (In-Reply-To, References…). */
export function letterSource(options: {
  from: string;
  to: string;
  subject: string;
  body: string;
  messageId: string;
  date?: Date;
  extra?: Record<string, string>;
  attachment?: { name: string; type: string; data: Buffer };
}): Buffer {
  const headers = [
    `From: ${options.from}`,
    `To: ${options.to}`,
    `Subject: =?UTF-8?B?${Buffer.from(options.subject).toString("base64")}?=`,
    `Message-ID: ${options.messageId}`,
    `Date: ${(options.date ?? new Date()).toUTCString()}`,
    "MIME-Version: 1.0",
    ...Object.entries(options.extra ?? {}).map(([name, value]) => `${name}: ${value}`),
  ];
  const text = Buffer.from(options.body).toString("base64").replace(/.{76}/g, "$&\r\n");
  if (!options.attachment) {
    return Buffer.from(
      `${[...headers, "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64"].join("\r\n")}\r\n\r\n${text}\r\n`,
    );
  }
  const boundary = "planerka-boundary-42";
  const file = options.attachment.data.toString("base64").replace(/.{76}/g, "$&\r\n");
  return Buffer.from(
    [
      ...headers,
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      "",
      `--${boundary}`,
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: base64",
      "",
      text,
      `--${boundary}`,
      `Content-Type: ${options.attachment.type}; name="${options.attachment.name}"`,
      `Content-Disposition: attachment; filename="${options.attachment.name}"`,
      "Content-Transfer-Encoding: base64",
      "",
      file,
      `--${boundary}--`,
      "",
    ].join("\r\n"),
  );
}
