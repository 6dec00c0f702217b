import yauzl from "yauzl";
import { AppError, invalid } from "../errors/problem";

/**
 * Limits on a zip archive (an .xlsx workbook) checked from its central directory before anything is
 * inflated, after Apache POI's ZipSecureFile: a 1 MiB file must not become gigabytes in memory.
 */
export const zipLimits = {
  entries: 1_000,
  /** Uncompressed bytes of one entry, any entry (a picture too), and of all entries read. */
  entryBytes: 256 * 1024 * 1024,
  totalBytes: 256 * 1024 * 1024,
  /** Uncompressed ÷ compressed for entries above `ratioFrom`: zeros deflate 1000:1, spreadsheets 5–30:1. */
  ratio: 100,
  ratioFrom: 1024 * 1024,
};

const unsafe = (reason: string, params: Record<string, string | number> = {}) =>
  invalid("file", `The archive is refused: ${reason}`, { code: "unsafeArchive", params });

const unreadable = () => invalid("file", "The file is not a readable .xlsx workbook", { code: "unreadable" });

/**
 * The entries of a zip archive that `wanted` accepts, inflated, and the names of the others, after the whole central directory
 * passed `zipLimits`. An entry whose declared sizes lie fails while inflating (yauzl compares the
 * bytes that come out with the declared size), so the declared sizes bound the memory used.
 */
type Limits = typeof zipLimits;

/** Walks the central directory, refusing the archive before anything is inflated when it breaks `limits`. */
async function checkedEntriesOrThrow(zip: yauzl.ZipFile, wanted: (name: string) => boolean, limits: Limits) {
  if (zip.entryCount > limits.entries) throw unsafe("too many entries", { entries: zip.entryCount });
  const entries: yauzl.Entry[] = [];
  const skipped: string[] = [];
  let total = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      const { fileName, uncompressedSize, compressedSize } = entry;
      if (uncompressedSize > limits.entryBytes) throw unsafe("an entry is too large", { entry: fileName });
      if (uncompressedSize > limits.ratioFrom && uncompressedSize > compressedSize * limits.ratio)
        throw unsafe("an entry is compressed suspiciously well", { entry: fileName });
      if (fileName.endsWith("/")) continue;
      if (!wanted(fileName)) {
        skipped.push(fileName);
        continue;
      }
      total += uncompressedSize;
      if (total > limits.totalBytes) throw unsafe("the contents are too large", { entry: fileName });
      entries.push(entry);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw unreadable();
  }
  return { entries, skipped };
}

async function inflateOrThrow<T>(entry: yauzl.Entry, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    // The entry inflates to more (or fewer) bytes than its header says: a bomb in disguise.
    if (/too (many|few) bytes/.test((error as Error).message))
      throw unsafe("an entry's sizes are false", { entry: entry.fileName });
    throw unreadable();
  }
}

export async function readZipEntriesOrThrow(
  data: Buffer,
  wanted: (name: string) => boolean,
): Promise<{ contents: Map<string, Buffer>; skipped: string[] }> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(data, { strictFileNames: false, validateEntrySizes: true });
  } catch {
    throw unreadable();
  }
  const { entries, skipped } = await checkedEntriesOrThrow(zip, wanted, zipLimits);
  const contents = new Map<string, Buffer>();
  for (const entry of entries) {
    const chunks: Buffer[] = [];
    await inflateOrThrow(entry, async () => {
      for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
    });
    contents.set(entry.fileName, Buffer.concat(chunks));
  }
  return { contents, skipped };
}

/**
 * Streams the wanted entries of a zip file on disk to `write(name)` streams, after the same checks
 * with the caller's limits: nothing is held in memory, so a large 1C package stays flat.
 */
export async function extractZipFileOrThrow(
  zipPath: string,
  wanted: (name: string) => boolean,
  write: (name: string) => NodeJS.WritableStream,
  limits: Limits = zipLimits,
): Promise<string[]> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(zipPath, { strictFileNames: false, validateEntrySizes: true, autoClose: false });
  } catch {
    throw unreadable();
  }
  try {
    const { entries } = await checkedEntriesOrThrow(zip, wanted, limits);
    for (const entry of entries) {
      await inflateOrThrow(entry, async () => {
        const { pipeline } = await import("node:stream/promises");
        await pipeline(await zip.openReadStreamPromise(entry), write(entry.fileName));
      });
    }
    return entries.map((entry) => entry.fileName);
  } finally {
    zip.close();
  }
}
