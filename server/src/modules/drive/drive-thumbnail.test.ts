import { deflateSync } from "node:zlib";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { AppError } from "../../platform/errors/problem";
import { makeThumbnailOrThrow } from "./drive-thumbnail";

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer) {
  let crc = 0xffffffff;
  for (const byte of data) crc = crcTable[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A PNG of a few hundred bytes whose header claims width × height pixels. */
function pngClaiming(width: number, height: number) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.alloc(1024))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).status).toBe(422);
  expect((error as AppError).errors?.[0]?.path).toBe("file");
  return (error as AppError).errors![0]!.code;
}

describe("makeThumbnailOrThrow", () => {
  it("shrinks a picture to fit 320×320 as WebP, keeping its proportions", async () => {
    const photo = await sharp({ create: { width: 1600, height: 900, channels: 3, background: "#2a6" } })
      .jpeg()
      .toBuffer();
    const thumbnail = await makeThumbnailOrThrow(photo);
    expect(await sharp(thumbnail).metadata()).toMatchObject({ format: "webp", width: 320, height: 180 });
  });

  it("never enlarges a small picture", async () => {
    const icon = await sharp({ create: { width: 40, height: 30, channels: 4, background: "#0000" } })
      .png()
      .toBuffer();
    expect(await sharp(await makeThumbnailOrThrow(icon)).metadata()).toMatchObject({ width: 40, height: 30 });
  });

  it("turns a photo upright by its EXIF orientation", async () => {
    // Stored 400×200, with orientation 6 (rotate 90° clockwise to view): upright it is 200×400.
    const sideways = await sharp({ create: { width: 400, height: 200, channels: 3, background: "#888" } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    expect(await sharp(await makeThumbnailOrThrow(sideways)).metadata()).toMatchObject({ width: 160, height: 320 });
  });

  it("takes the first frame of an animated GIF", async () => {
    // Three 64×64 frames stacked in one strip: red, then blue, blue.
    const strip = await sharp({ create: { width: 64, height: 192, channels: 3, background: "#f00" } })
      .composite([{ input: { create: { width: 64, height: 128, channels: 3, background: "#00f" } }, top: 64, left: 0 }])
      .raw()
      .toBuffer();
    const gif = await sharp(strip, { raw: { width: 64, height: 192, channels: 3, pageHeight: 64 } })
      .gif({ loop: 0, delay: [100, 100, 100] })
      .toBuffer();
    expect((await sharp(gif, { animated: true }).metadata()).pages).toBe(3);
    const thumbnail = await makeThumbnailOrThrow(gif);
    const { data, info } = await sharp(thumbnail).raw().toBuffer({ resolveWithObject: true });
    expect(info).toMatchObject({ width: 64, height: 64 });
    expect(data[0]).toBeGreaterThan(150); // red, not the later frames' blue (WebP is lossy)
    expect(data[2]).toBeLessThan(80);
  });

  it("refuses a decompression bomb from its header, without decoding it", async () => {
    const bomb = pngClaiming(100_000, 100_000);
    expect(bomb.length).toBeLessThan(1024);
    const started = Date.now();
    expect(await refusal(makeThumbnailOrThrow(bomb))).toBe("imageTooLarge");
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("calls a damaged image unreadable", async () => {
    expect(await refusal(makeThumbnailOrThrow(Buffer.from("not a picture at all")))).toBe("unreadable");
    const photo = await sharp({ create: { width: 300, height: 300, channels: 3, background: "#2a6" } })
      .png()
      .toBuffer();
    expect(await refusal(makeThumbnailOrThrow(photo.subarray(0, 100)))).toBe("unreadable");
  });
});
