// Builds the dashboard into src/eventwire/web/static/ (committed, so users need no Node at run time).
// One command: `npm --prefix frontend run build`. The output is flat (pyproject's package-data
// takes `web/static/*`, not sub-folders): index.html, app.js, app.css, countries-50m.json.
import { build } from "esbuild";
import { copyFile, mkdir, readdir, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "src", "eventwire", "web", "static");

await mkdir(out, { recursive: true });
for (const name of await readdir(out)) await rm(join(out, name), { recursive: true });

await build({
  entryPoints: { app: join(here, "src", "main.js") },
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  outdir: out,
  // Leaflet's CSS points at a few PNGs; inline them so the output stays three flat files.
  loader: { ".png": "dataurl", ".svg": "dataurl" },
  legalComments: "eof",
  logLevel: "info",
});
await copyFile(join(here, "src", "index.html"), join(out, "index.html"));
// Natural Earth 1:50m country shapes (public domain) as TopoJSON, fetched by the page itself.
await copyFile(join(here, "node_modules", "world-atlas", "countries-50m.json"),
  join(out, "countries-50m.json"));
