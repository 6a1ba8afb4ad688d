// A cucumber process started before it is known what it will run (steps/support/cucumber-run.ts
// starts it ahead of the step that needs it). It loads what every run of this project loads
// first: cucumber's CLI and the compiled engine and report modules that the steps import (none of
// which registers a step or hook; the step files themselves are left to cucumber to load; see
// steps/support/compiled.mjs). Then it reads requests from stdin, one line of JSON each,
// `{"args": [...]}`, and runs cucumber's own CLI with those arguments, one run after the other, as
// `node node_modules/@cucumber/cucumber/bin/cucumber.js ...args` would: the same output, and the
// exit status that process would have. For each request it writes one line of JSON on file
// descriptor 3, `{"exitCode": 1, "stdout": "...", "stderr": "..."}`: what the run printed.
// Its environment and working directory are the ones it was started with.
//
// The first run loads the step definitions and hooks; the runs after it use the same ones (loading
// them again would find their modules already evaluated): cucumber's API accepts the support code
// a run returned. A run whose configuration names other support code than the first's cannot be
// run here: it gets `{"refused": true}`, and this process takes no more requests. When stdin ends,
// the process exits with status 0.
import { createRequire } from 'node:module';
import { createWriteStream } from 'node:fs';
import { Writable } from 'node:stream';
import { format } from 'node:util';
import { pathToFileURL } from 'node:url';
import { compileSources, compiledPath } from './compiled.mjs';

const require = createRequire(import.meta.url);
const { default: Cli } = require('@cucumber/cucumber/lib/cli/index');
const { validateNodeEngineVersion } = require('@cucumber/cucumber/lib/cli/validate_node_engine_version');
const api = require('@cucumber/cucumber/lib/api/run_cucumber');
await import('@cucumber/cucumber');
compileSources();
process.setSourceMapsEnabled(true);
for (const source of ['engine/scenario.ts', 'reports/timeline.ts', 'reports/events.ts']) await import(pathToFileURL(compiledPath(source)).href);

/** Thrown instead of running with other support code than the first run's. */
class OtherSupportCode extends Error {}

// cucumber's CLI calls the API's runCucumber through this module's export.
const runCucumber = api.runCucumber;
let support;
let supportKey;
api.runCucumber = async (options, environment, onMessage) => {
  const key = JSON.stringify(options.support);
  if (support !== undefined && key !== supportKey) throw new OtherSupportCode();
  const result = await runCucumber(support === undefined ? options : { ...options, support }, environment, onMessage);
  if (support === undefined) {
    support = result.support;
    supportKey = key;
  }
  return result;
};

/** A stream that keeps what is written to it, as text. */
function capture() {
  const chunks = [];
  const stream = new Writable({
    write(chunk, encoding, callback) {
      chunks.push(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
      callback();
    },
  });
  // Formatters ask the stream whether it is a terminal (it is not: the output goes to a pipe).
  stream.isTTY = false;
  return { stream, text: () => chunks.join('') };
}

/** cucumber's bin (lib/cli/run.js) with these arguments: the exit status and what it printed. */
async function runCli(args) {
  const stdout = capture();
  const stderr = capture();
  let exitCode = 0;
  validateNodeEngineVersion(
    process.version,
    (error) => {
      stderr.stream.write(`${format(error)}\n`);
      exitCode = 1;
    },
    (warning) => stderr.stream.write(`${format(warning)}\n`),
  );
  if (exitCode === 0) {
    const cli = new Cli({ argv: [process.argv[0], 'cucumber.js', ...args], cwd: process.cwd(), stdout: stdout.stream, stderr: stderr.stream, env: process.env });
    try {
      exitCode = (await cli.run()).success ? 0 : 1;
    } catch (error) {
      if (error instanceof OtherSupportCode) return { refused: true };
      stderr.stream.write(`${format(error)}\n`);
      exitCode = 1;
    }
  }
  return { exitCode, stdout: stdout.text(), stderr: stderr.text() };
}

const results = createWriteStream(null, { fd: 3 });
let pending = '';
let queue = Promise.resolve();
let refused = false;
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  pending += chunk;
  for (let newline = pending.indexOf('\n'); newline >= 0; newline = pending.indexOf('\n')) {
    const request = JSON.parse(pending.slice(0, newline));
    pending = pending.slice(newline + 1);
    queue = queue.then(async () => {
      const result = refused ? { refused: true } : await runCli(request.args);
      if (result.refused) refused = true;
      await new Promise((resolve) => results.write(`${JSON.stringify(result)}\n`, resolve));
    });
  }
});
process.stdin.on('end', () => {
  queue.then(() => process.exit(0));
});
