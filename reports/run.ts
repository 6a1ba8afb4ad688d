// `npm start`: runs the built-in scenarios, generates the Allure report from their results and
// serves it on http://127.0.0.1:<port>. `npm run report` does the same from the last results,
// without running anything. Options (after `--`):
//   --port=N       serve on port N (default 8642, or a free one if that is taken)
//   --no-serve     only write the report (also when CI=true)
//   anything else  goes to cucumber-js (`npm start -- features/deployments`)
// The Allure report needs Java; without it, the report is cucumber's own single-file HTML report,
// and this says why. Cucumber writes its reports even when scenarios fail, so a failing run still
// leaves its report behind; the exit status is cucumber's.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { CATALOG_PAGE, OUT_DIR, generate, reportPaths } from './generate.ts';
import { serve } from './serve.ts';

const CUCUMBER_BIN = resolve('node_modules/@cucumber/cucumber/bin/cucumber.js');
const DEFAULT_PORT = 8642;

interface Options {
  port?: number;
  serve: boolean;
  cucumberArgs: string[];
}

function parseOptions(argv: string[]): Options {
  const options: Options = { serve: process.env.CI !== 'true', cucumberArgs: [] };
  for (const arg of argv) {
    const port = /^--port=(\d+)$/.exec(arg);
    if (port) options.port = Number(port[1]);
    else if (arg === '--no-serve') options.serve = false;
    else options.cucumberArgs.push(arg);
  }
  return options;
}

async function main(command: string, argv: string[]): Promise<void> {
  const options = parseOptions(argv);
  const paths = reportPaths();
  let status = 0;
  if (command === 'start') {
    // Results of an earlier run never leak into this one.
    rmSync(OUT_DIR, { recursive: true, force: true });
    mkdirSync(OUT_DIR, { recursive: true });
    const run = spawnSync(process.execPath, [CUCUMBER_BIN, ...options.cucumberArgs], { stdio: 'inherit' });
    status = run.status ?? 1;
    if (!existsSync(paths.results)) {
      console.error('\nNo report was written: cucumber stopped before running any scenario (see above).');
      process.exit(status || 1);
    }
  } else if (!existsSync(paths.results)) {
    console.error(`No results in ${paths.results}: run \`npm start\` or \`npx cucumber-js\` first.`);
    process.exit(1);
  }
  const report = await generate();
  console.log(`\nReport written to ${resolve(report.dir, report.page || 'index.html')} in ${(report.ms / 1000).toFixed(1)} s; step catalog: ${resolve(report.dir, CATALOG_PAGE)}`);
  console.log(`Cucumber's HTML report: ${paths.cucumberHtml}; JUnit XML: ${resolve(OUT_DIR, 'junit.xml')}`);
  if (!options.serve) process.exit(status);
  const server = await serve(report.dir, options.port ?? DEFAULT_PORT, options.port === undefined);
  console.log(`\nServing the report on http://127.0.0.1:${server.port}/${report.page}  (step catalog: http://127.0.0.1:${server.port}/${CATALOG_PAGE}; Ctrl-C stops)`);
  process.on('SIGINT', () => server.close(() => process.exit(status)));
}

await main(process.argv[2] === 'report' ? 'report' : 'start', process.argv.slice(process.argv[2] === 'report' || process.argv[2] === 'start' ? 3 : 2));
