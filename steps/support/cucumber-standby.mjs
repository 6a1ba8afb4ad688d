// A cucumber process started before it is known what it will run (steps/support/cucumber-run.ts
// starts it ahead of the step that needs it). It loads what every run of this project loads
// first: cucumber's CLI and the compiled engine and report modules that the steps import (none of
// which registers a step or hook; the step files themselves are left to cucumber to load; see
// steps/support/compiled.mjs). Then it reads one line of JSON from stdin, `{"args": [...]}`, and
// runs cucumber's own CLI with those arguments, as
// `node node_modules/@cucumber/cucumber/bin/cucumber.js ...args` would: same output, same exit
// status. Its environment and working directory are the ones it was
// started with. If stdin ends without a line (the run it was started for did not come, or the
// process that started it ended), it exits with status 0.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileSources, compiledPath } from './compiled.mjs';

const require = createRequire(import.meta.url);
const CUCUMBER_BIN = join(dirname(require.resolve('@cucumber/cucumber/package.json')), 'bin', 'cucumber.js');
const { default: runCli } = require('@cucumber/cucumber/lib/cli/run');
await import('@cucumber/cucumber');
compileSources();
process.setSourceMapsEnabled(true);
for (const source of ['engine/scenario.ts', 'reports/timeline.ts', 'reports/events.ts']) await import(pathToFileURL(compiledPath(source)).href);

/** The first line on stdin, parsed; undefined if stdin ends first. */
function readRequest() {
  return new Promise((resolve, reject) => {
    let text = '';
    process.stdin.setEncoding('utf8');
    const done = (value) => {
      process.stdin.removeAllListeners('data');
      process.stdin.removeAllListeners('end');
      // Nothing more is read: stdin must not keep the process alive once cucumber is done.
      process.stdin.destroy();
      resolve(value);
    };
    process.stdin.on('data', (chunk) => {
      text += chunk;
      const newline = text.indexOf('\n');
      if (newline < 0) return;
      try {
        done(JSON.parse(text.slice(0, newline)));
      } catch (error) {
        reject(error);
      }
    });
    process.stdin.on('end', () => done(undefined));
  });
}

const request = await readRequest();
if (request === undefined) process.exit(0);
process.argv = [process.argv[0], CUCUMBER_BIN, ...request.args];
await runCli();
