// cucumber-js configuration. `paths` is left out on purpose: cucumber's default is
// features/**/*.feature, and `npx cucumber-js path/to/one.feature` then runs just that file.
// Besides the progress line: cucumber's own single-file HTML report, its JSON and a JUnit XML for
// CI systems, and Allure results for the main report (`npm start`, `npm run report`; see
// reports/allure-formatter.ts), all in reports/out/ (or KS_REPORT_DIR). Tags become Allure tag
// labels; `@epic:…`, `@feature:…`, `@story:…`, `@severity:…` and `@owner:…` become those labels.
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
    `json:${out}/cucumber.json`,
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
