// steps/support/step-matching.ts makes each cucumber TreeRegexp remember its matches by text.
// Every step of every feature, against every step definition of the project, must match the same
// definitions with the same groups (values, starts, ends, nested groups) as the library's own
// match, the first time and when the answer is remembered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AstBuilder, GherkinClassicTokenMatcher, Parser, compile } from '@cucumber/gherkin';
import { IdGenerator } from '@cucumber/messages';
import { loadConfiguration, loadSupport } from '@cucumber/cucumber/api';
import { libraryTreeRegexpMatch, rememberedMatch } from '../../steps/support/step-matching.ts';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');

function featureFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? featureFiles(join(dir, e.name)) : e.name.endsWith('.feature') ? [join(dir, e.name)] : [],
  );
}

/** Every step text of every scenario (examples expanded), once each. */
function stepTexts(): string[] {
  const texts = new Set<string>();
  const newId = IdGenerator.incrementing();
  for (const file of featureFiles(join(ROOT, 'features'))) {
    const parser = new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher());
    const document = parser.parse(readFileSync(file, 'utf8'));
    for (const pickle of compile(document, file, newId)) for (const step of pickle.steps) texts.add(step.text);
  }
  return [...texts];
}

interface GroupLike {
  value?: string;
  start?: number;
  end?: number;
  children?: GroupLike[];
}
const plain = (g: GroupLike | undefined): unknown => g && { value: g.value, start: g.start, end: g.end, children: g.children?.map(plain) };

test('steps match the same definitions, with the same groups, when matches are remembered', async () => {
  const { runConfiguration } = await loadConfiguration({ file: 'cucumber.mjs' }, { cwd: ROOT });
  // The loaded support code library (its public type leaves the step definitions out).
  const support = (await loadSupport(runConfiguration, { cwd: ROOT })) as unknown as {
    stepDefinitions: { expression: { match(text: string): { group: unknown }[] | null } }[];
  };
  const cucumberRequire = createRequire(createRequire(import.meta.url).resolve('@cucumber/cucumber'));
  const treeRegexp = cucumberRequire(join(dirname(cucumberRequire.resolve('@cucumber/cucumber-expressions')), 'TreeRegexp.js')).default as {
    prototype: { match: unknown };
  };
  // The copy cucumber loaded (compiled, steps/support/compiled.mjs), not this test's: the same code.
  const patched = treeRegexp.prototype.match as typeof rememberedMatch;
  assert.notEqual(patched, libraryTreeRegexpMatch);
  assert.equal(patched.name, rememberedMatch.name, 'cucumber remembers matches once the steps are loaded');
  const texts = stepTexts();
  assert.ok(texts.length > 500, `only ${texts.length} step texts found`);
  assert.ok(support.stepDefinitions.length > 20, `only ${support.stepDefinitions.length} step definitions`);
  const matches = (which: unknown) => {
    treeRegexp.prototype.match = which;
    return texts.map((text) =>
      support.stepDefinitions.map((d) => d.expression.match(text)?.map((argument) => plain(argument.group as GroupLike)) ?? null),
    );
  };
  try {
    const library = matches(libraryTreeRegexpMatch);
    const first = matches(patched);
    assert.deepEqual(first, library);
    const remembered = matches(patched);
    assert.deepEqual(remembered, library);
    assert.ok(first.flat().filter((m) => m !== null).length >= texts.length * 0.95, 'nearly every step matches a definition');
  } finally {
    treeRegexp.prototype.match = patched;
  }
});
