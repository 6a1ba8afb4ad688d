// cucumber-js configuration. `paths` is left out on purpose: cucumber's default is
// features/**/*.feature, and `npx cucumber-js path/to/one.feature` then runs just that file.
// Besides the progress line: cucumber's own single-file HTML report, its JSON and a JUnit XML for
// CI systems, and Allure results for the main report (`npm start`, `npm run report`; see
// reports/allure-formatter.ts), all in reports/out/ (or KS_REPORT_DIR). Tags become Allure tag
// labels; `@epic:…`, `@feature:…`, `@story:…`, `@severity:…` and `@owner:…` become those labels.
const out = process.env.KS_REPORT_DIR || 'reports/out';
const ALLURE_LABEL_TAGS = ['epic', 'feature', 'story', 'severity', 'owner'];

export default {
  import: ['steps/support/register.mjs', 'steps/**/*.ts'],
  format: [
    'progress',
    `html:${out}/cucumber.html`,
    `json:${out}/cucumber.json`,
    `junit:${out}/junit.xml`,
    `./reports/allure-formatter.ts:${out}/allure-results/.formatter-output`,
  ],
  formatOptions: {
    snippetInterface: 'synchronous',
    resultsDir: `${out}/allure-results`,
    labels: ALLURE_LABEL_TAGS.map((name) => ({ name, pattern: [new RegExp(`^@${name}:`)] })),
    junit: { suiteName: 'kube-scenarios' },
  },
};
