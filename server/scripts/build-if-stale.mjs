// `npm start` runs the compiled server and the built web app. They are built by `npm install` and
// `npm run build`; this rebuilds what is older than its sources (after a `git pull`, an edit), so
// start never serves yesterday's code — and costs a directory walk when nothing changed.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..", "..");

function newest(entry) {
  const full = path.join(root, entry);
  if (!existsSync(full)) return 0;
  const stat = statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = 0;
  for (const child of readdirSync(full, { withFileTypes: true, recursive: true })) {
    if (child.isFile()) latest = Math.max(latest, statSync(path.join(child.parentPath, child.name)).mtimeMs);
  }
  return latest;
}

function builtAt(file) {
  const full = path.join(root, file);
  return existsSync(full) ? statSync(full).mtimeMs : -1;
}

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const run = (args) => execFileSync(npm, args, { cwd: root, stdio: "inherit" });

const common = newest("common/src");
if (builtAt("server/dist/main.js") < Math.max(common, newest("server/src"), newest("server/package.json"))) {
  run(["run", "build:server"]);
}
if (
  builtAt("web/dist/index.html") < Math.max(common, newest("web/src"), newest("web/index.html"), newest("web/public"))
) {
  run(["run", "build:web"]);
}
