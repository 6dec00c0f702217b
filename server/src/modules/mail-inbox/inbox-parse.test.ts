import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { letterSource } from "../../testing/dovecot";
import { normalizeMessageId, parseLetterStream } from "./inbox-parse";

describe("reading a letter as a stream", () => {
  it("keeps files up to the letter's limit and lists the rest without their bytes", async () => {
    const source = letterSource({
      from: "Алия <Aliya@Svarka.kz>",
      to: "a1@planerka.kz, Офис <office@planerka.kz>",
      subject: "Счёт\r\nBcc: evil@x.kz",
      body: "Текст письма",
      messageId: "<m-1@svarka.kz>",
      extra: { "In-Reply-To": "<sent-1@crm.kz>", References: "<root@crm.kz> <sent-1@crm.kz>" },
      attachment: { name: "big.bin", type: "application/octet-stream", data: Buffer.alloc(50_000, 7) },
    });
    const parsed = await parseLetterStream(Readable.from([source.subarray(0, 1000), source.subarray(1000)]), {
      storedBytes: 10_000,
      bodyChars: 5,
    });
    expect(parsed).toMatchObject({
      messageId: "<m-1@svarka.kz>",
      inReplyTo: "<sent-1@crm.kz>",
      references: ["<root@crm.kz>", "<sent-1@crm.kz>"],
      fromAddress: "aliya@svarka.kz",
      fromName: "Алия",
      to: ["a1@planerka.kz", "office@planerka.kz"],
      body: "Текст",
      bodyTruncated: true,
      attachments: [{ name: "big.bin", size: 50_000, data: null }],
    });
    expect(parsed.subject).not.toMatch(/[\r\n]/);

    const small = await parseLetterStream(Readable.from([source]), { storedBytes: 60_000, bodyChars: 100 });
    expect(small.attachments[0]!.data?.equals(Buffer.alloc(50_000, 7))).toBe(true);
  });

  it("normalizes Message-IDs and refuses what is not one", () => {
    expect(normalizeMessageId(" <a@b> ")).toBe("<a@b>");
    expect(normalizeMessageId("a@b")).toBe("<a@b>");
    expect(normalizeMessageId("<a b@c>")).toBeNull();
    expect(normalizeMessageId("")).toBeNull();
    expect(normalizeMessageId(undefined)).toBeNull();
  });
});
