#!/usr/bin/env node
// Thin launcher: the CLI is built by tsup into dist/cli.js.
import('../dist/cli.js').then((m) => m.main(process.argv.slice(2))).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`crossign: internal error: ${err && err.message ? err.message : String(err)}\n`);
    process.exitCode = 3;
  },
);
