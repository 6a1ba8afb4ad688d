// `npm start`: runs the built-in scenarios and writes the HTML report. Cucumber writes it even
// when scenarios fail, so a failing run still leaves its report behind.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';

const outDir = resolve('reports/out');
// Results of an earlier run never leak into this one.
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

const cucumber = resolve('node_modules/@cucumber/cucumber/bin/cucumber.js');
const run = spawnSync(process.execPath, [cucumber, ...process.argv.slice(2)], { stdio: 'inherit' });

const report = resolve(outDir, 'cucumber.html');
if (existsSync(report)) console.log(`\nReport: ${report}`);
else console.error('\nNo report was written: cucumber stopped before running any scenario (see above).');
process.exit(run.status ?? 1);
