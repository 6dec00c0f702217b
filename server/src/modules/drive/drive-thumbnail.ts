import sharp from "sharp";
import { invalid } from "../../platform/errors/problem";

/** The thumbnail fits in this square; the list and the grid show it at half size on HiDPI screens. */
export const thumbnailSide = 320;
/** More pixels than this is refused before decoding: a small file may declare a huge image. */
export const thumbnailPixelLimit = 50_000_000;

/**
 * A WebP thumbnail of a PNG, JPEG, GIF or WebP image: turned upright by its EXIF orientation,
 * shrunk (never enlarged) to fit 320×320; of an animation, the first frame. A decompression bomb
 * or a damaged image is a 422 on `file`.
 */
export async function makeThumbnailOrThrow(data: Buffer): Promise<Buffer> {
  try {
    return await sharp(data, { limitInputPixels: thumbnailPixelLimit, animated: false, failOn: "error" })
      .rotate()
      .resize(thumbnailSide, thumbnailSide, { fit: "inside", withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer();
  } catch (error) {
    const tooLarge = /pixel limit/i.test((error as Error).message);
    throw tooLarge
      ? invalid("file", "The image has too many pixels to preview", { code: "imageTooLarge" })
      : invalid("file", "The image cannot be read", { code: "unreadable" });
  }
}
