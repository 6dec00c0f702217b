import type { PassThrough } from "node:stream";

/** The streamed workbook waits for the client while this much is buffered and unread. */
const bufferLimit = 4 * 1024 * 1024;

/** Waits while the client has not read what is already written (a slow download must not fill memory). */
export async function readerCaughtUp(output: PassThrough) {
  while (!output.destroyed && output.readableLength + output.writableLength > bufferLimit) {
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        output.off("drain", done);
        output.off("close", done);
        resolve();
      };
      // The writable side drains only when the piped-in zip has filled it; a short poll covers the rest.
      const timer = setTimeout(done, 50);
      output.once("drain", done);
      output.once("close", done);
    });
  }
}
