import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { AppError } from "../../platform/errors/problem";
import { extractZipFileOrThrow, zipLimits } from "../../platform/files/zip-archive";

/** What 1C may send: parts up to `fileLimit` bytes, a file up to `maxFileBytes`. */
export const exchangeLimits = {
  fileLimit: 50 * 1024 * 1024,
  maxFileBytes: 2 * 1024 * 1024 * 1024,
};

export class ExchangeFileError extends Error {
  constructor(
    message: string,
    readonly status = 200,
  ) {
    super(message);
  }
}

/**
 * A name 1C gives a file: no folder separators, no `..`, no control characters — so nothing is
 * ever written outside the session's own folder.
 */
export function safeFileNameOrThrow(name: string | undefined): string {
  const value = name?.trim() ?? "";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
  if (!value || value.length > 200 || /[/\\\x00-\x1f]/.test(value) || value.includes("..") || value === ".")
    throw new ExchangeFileError(`Недопустимое имя файла: «${value.slice(0, 100)}»`);
  return value;
}

export function sessionFolder(root: string, sessionId: string) {
  return path.join(root, sessionId);
}

async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
}

/**
 * Appends one part of a file (mode=file). The part goes to a temporary file first, so a part over
 * the limit or a broken connection never leaves half a part in the file.
 */
export async function appendPartOrThrow(folder: string, name: string, body: Readable): Promise<number> {
  await mkdir(folder, { recursive: true });
  const target = path.join(folder, name);
  const part = path.join(folder, `.part-${process.pid}-${Date.now()}`);
  let received = 0;
  const already = await sizeOf(target);
  try {
    await pipeline(
      body,
      async function* limit(source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          received += chunk.length;
          if (received > exchangeLimits.fileLimit)
            throw new ExchangeFileError(`Часть файла больше file_limit (${exchangeLimits.fileLimit} байт)`, 413);
          if (already + received > exchangeLimits.maxFileBytes)
            throw new ExchangeFileError(`Файл больше ${exchangeLimits.maxFileBytes} байт`, 413);
          yield chunk;
        }
      },
      createWriteStream(part),
    );
    await pipeline(createReadStream(part), createWriteStream(target, { flags: "a" }));
    return already + received;
  } finally {
    await rm(part, { force: true });
  }
}

const xmlEntry = (name: string) => name.toLowerCase().endsWith(".xml");

/**
 * The XML files an import of `name` means: the file itself, every XML file of a zip package, or
 * (when 1C names a file that came inside a zip) that file, unpacked once. Unpacking checks the
 * archive's directory before inflating anything (zip bombs are refused).
 */
export async function filesToImportOrThrow(folder: string, name: string): Promise<string[]> {
  const target = path.join(folder, name);
  const limits = { ...zipLimits, entryBytes: exchangeLimits.maxFileBytes, totalBytes: exchangeLimits.maxFileBytes };
  if (name.toLowerCase().endsWith(".zip")) {
    if (!(await sizeOf(target))) throw new ExchangeFileError(`Файл ${name} не получен`);
    return unpack(folder, target, xmlEntry, limits);
  }
  if (await sizeOf(target)) return [name];
  const zips = (await readdir(folder).catch(() => [])).filter((file) => file.toLowerCase().endsWith(".zip"));
  for (const zip of zips) {
    const found = await unpack(folder, path.join(folder, zip), (entry) => path.basename(entry) === name, limits);
    if (found.length > 0) return found;
  }
  throw new ExchangeFileError(`Файл ${name} не получен`);
}

async function unpack(
  folder: string,
  zipPath: string,
  wanted: (entry: string) => boolean,
  limits: typeof zipLimits,
): Promise<string[]> {
  try {
    const names = await extractZipFileOrThrow(
      zipPath,
      (entry) => wanted(entry) && xmlEntry(entry),
      (entry) => createWriteStream(path.join(folder, safeFileNameOrThrow(path.basename(entry)))),
      limits,
    );
    return names.map((entry) => path.basename(entry));
  } catch (error) {
    if (error instanceof AppError) {
      const detail = error.errors?.[0]?.params?.entry ? ` (${error.errors[0].params.entry})` : "";
      const refused = error.errors?.[0]?.code === "unsafeArchive";
      throw new ExchangeFileError(
        refused
          ? `Архив ${path.basename(zipPath)} отклонён: он распаковывается в недопустимо большой объём${detail}`
          : `Архив ${path.basename(zipPath)} не читается как zip`,
      );
    }
    throw error;
  }
}
