// Compiles the server into one ES module, `server/dist/main.js`, so `npm start` runs JavaScript and
// no transpiler at start. Packages from node_modules stay imports (their own builds, native parts
// and files beside them are used as they are); the workspace's TypeScript (`@planerka/common`) is
// bundled in.
import { readFileSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";

const serverFolder = path.resolve(import.meta.dirname, "..");
const manifest = (folder) => JSON.parse(readFileSync(path.join(folder, "package.json"), "utf8"));
const dependencies = (pkg) => Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies });
const external = [
  ...dependencies(manifest(serverFolder)),
  ...dependencies(manifest(path.join(serverFolder, "..", "common"))),
]
  .filter((name) => name !== "@planerka/common")
  .flatMap((name) => [name, `${name}/*`]);

const started = Date.now();
await build({
  entryPoints: [path.join(serverFolder, "src", "main.ts")],
  outfile: path.join(serverFolder, "dist", "main.js"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20.19",
  external,
  sourcemap: "linked",
  logLevel: "warning",
});
console.log(`server/dist/main.js built in ${Date.now() - started} ms`);
