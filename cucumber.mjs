// cucumber-js configuration. `paths` is left out on purpose: cucumber's default is
// features/**/*.feature, and `npx cucumber-js path/to/one.feature` then runs just that file.
// Besides the progress line: cucumber's own single-file HTML report and a JUnit XML for CI
// systems, and Allure results for the main report (`npm start`, `npm run report`; see
// reports/allure-formatter.ts), all in reports/out/ (or KS_REPORT_DIR). Tags become Allure tag
// labels; `@epic:…`, `@feature:…`, `@story:…`, `@severity:…` and `@owner:…` become those labels.
// Cucumber's JSON is not written by default: every formatter handles every attachment (a state
// table after each When step), and the JSON one, which nothing here reads, cost the run about 8 %
// (bench/RESULTS.md, "Reports"). `--format json:reports/out/cucumber.json` adds it to a run.
//
// The steps, the engine and the Allure formatter are loaded as JavaScript compiled ahead from their
// TypeScript sources into node_modules/.cache/kube-scenarios/, which follows every change to them
// (steps/support/compiled.mjs); with source maps on, step locations and stack traces name the
// TypeScript files and lines.
import { compileSources, compiledPath, forCucumber } from './steps/support/compiled.mjs';

process.setSourceMapsEnabled(true);
const compiled = compileSources();
const out = process.env.KS_REPORT_DIR || 'reports/out';
const ALLURE_LABEL_TAGS = ['epic', 'feature', 'story', 'severity', 'owner'];

export default {
  import: [`${forCucumber(compiled)}/steps/**/*.js`],
  // Starts the cucumber process for a "cucumber runs the feature:" step ahead of it.
  plugin: [`./${forCucumber(compiledPath('steps/support/cucumber-prefetch.ts'))}`],
  format: [
    'progress',
    `html:${out}/cucumber.html`,
    `junit:${out}/junit.xml`,
    `./${forCucumber(compiledPath('reports/allure-formatter.ts'))}:${out}/allure-results/.formatter-output`,
  ],
  formatOptions: {
    snippetInterface: 'synchronous',
    resultsDir: `${out}/allure-results`,
    labels: ALLURE_LABEL_TAGS.map((name) => ({ name, pattern: [new RegExp(`^@${name}:`)] })),
    junit: { suiteName: 'kube-scenarios' },
  },
};
