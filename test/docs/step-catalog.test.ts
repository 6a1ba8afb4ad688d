// The step catalog stays current: docs/steps.md is what `npm run steps` would write now, and every
// step definition is used by at least one feature, which the catalog shows as its example.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOG_PATH, ROOT, buildCatalog, renderCatalog } from '../../scripts/step-catalog.ts';

// Cucumber's support code loads once per process (ES modules are cached), so both tests share one catalog.
const catalog = await buildCatalog();

test('docs/steps.md matches the step definitions and features', () => {
  let written: string | undefined;
  try {
    written = readFileSync(join(ROOT, CATALOG_PATH), 'utf8');
  } catch {
    written = undefined;
  }
  assert.ok(written === renderCatalog(catalog), `${CATALOG_PATH} is ${written === undefined ? 'missing' : 'stale'}: run \`npm run steps\` and commit it`);
});

test('every step definition has an example in features/', () => {
  assert.ok(catalog.steps.length > 0, 'no step definitions were loaded from steps/');
  const unused = catalog.steps.filter((s) => !s.example).map((s) => `${s.keyword} ${s.phrasing} (${s.uri}:${s.line})`);
  assert.deepEqual(unused, [], `step definitions that no feature uses (write a scenario that does, or remove the step):\n  ${unused.join('\n  ')}`);
});
