// cucumber-js configuration. `paths` is left out on purpose: cucumber's default is
// features/**/*.feature, and `npx cucumber-js path/to/one.feature` then runs just that file.
export default {
  import: ['steps/support/register.mjs', 'steps/**/*.ts'],
  format: ['progress', 'html:reports/out/cucumber.html', 'json:reports/out/cucumber.json'],
  formatOptions: { snippetInterface: 'synchronous' },
};
