// Builds the dashboard into src/eventwire/web/static/ (committed, so users need no Node at run time).
// One command: `npm --prefix frontend run build`. The output is flat (pyproject's package-data
// takes `web/static/*`, not sub-folders): index.html, app.js, app.css, countries-50m.json, and
// build.json, whose hash of the sources lets a Python test catch sources changed without a rebuild.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "src", "eventwire", "web", "static");

await mkdir(out, { recursive: true });
for (const name of await readdir(out)) await rm(join(out, name), { recursive: true });

const result = await build({
  entryPoints: { app: join(here, "src", "main.js") },
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  outdir: out,
  // Leaflet's CSS points at a few PNGs; inline them so the output stays three flat files.
  loader: { ".png": "dataurl", ".svg": "dataurl" },
  legalComments: "eof",
  metafile: true,
  logLevel: "info",
});
await copyFile(join(here, "src", "index.html"), join(out, "index.html"));
// Natural Earth 1:50m country shapes (public domain) as TopoJSON, fetched by the page itself.
await copyFile(join(here, "node_modules", "world-atlas", "countries-50m.json"),
  join(out, "countries-50m.json"));

/** sha256 over "path\0content\0" of build.mjs, package-lock.json and src/**, sorted by path. */
async function sourcesHash() {
  const files = ["build.mjs", "package-lock.json"];
  const walk = async (dir) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else files.push(relative(here, path).split("\\").join("/"));
    }
  };
  await walk(join(here, "src"));
  files.sort();
  const hash = createHash("sha256");
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(await readFile(join(here, file)));
    hash.update("\0");
  }
  return hash.digest("hex");
}
// The licence texts of every npm package that went into the bundle, plus the basemap's.
const bundled = new Set(["world-atlas"]);
for (const input of Object.keys(result.metafile.inputs)) {
  const m = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
  if (m) bundled.add(m[1]);
}
const notices = [];
for (const name of [...bundled].sort()) {
  const dir = join(here, "node_modules", name);
  const meta = JSON.parse(await readFile(join(dir, "package.json"), "utf8"));
  const licence = (await readdir(dir)).find((f) => /^((mit-)?licen[cs]e|copying)/i.test(f));
  if (!licence) throw new Error(`${name} ships no licence file: add its licence by hand`);
  const text = await readFile(join(dir, licence), "utf8");
  notices.push(`${meta.name} ${meta.version} (${meta.license})\n${"=".repeat(60)}\n${text.trim()}\n`);
}
await writeFile(join(out, "THIRD-PARTY-LICENSES.txt"),
  "Third-party software bundled in this dashboard (app.js, app.css, countries-50m.json).\n"
  + "countries-50m.json is made from Natural Earth data, which is in the public domain.\n\n"
  + notices.join("\n"));

const outputs = (await readdir(out)).sort();
await writeFile(join(out, "build.json"),
  `${JSON.stringify({ sources_sha256: await sourcesHash(), files: outputs }, null, 2)}\n`);
