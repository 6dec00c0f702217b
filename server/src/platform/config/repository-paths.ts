import { existsSync } from "node:fs";
import path from "node:path";

/**
 * The repository's root, found by walking up from this file: it runs as source
 * (`server/src/platform/config/`) under tests and `npm run dev`, and bundled into `server/dist/`
 * under `npm start`, so a fixed number of `..` would be right for one of them only.
 */
function findRepositoryRoot(from: string): string {
  for (let folder = from; ; folder = path.dirname(folder)) {
    if (existsSync(path.join(folder, "server", "drizzle", "meta", "_journal.json"))) return folder;
    if (path.dirname(folder) === folder) throw new Error(`Planerka's repository not found above ${from}`);
  }
}

export const repositoryRoot = findRepositoryRoot(import.meta.dirname);
/** The SQL migrations, applied in order at every start. */
export const migrationsFolder = path.join(repositoryRoot, "server", "drizzle");
/** The built web app (`npm run build`), served by the API's process. */
export const defaultWebDist = path.join(repositoryRoot, "web", "dist");
