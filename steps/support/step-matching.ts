// Cheaper matching of steps to their definitions, with the library's own answers. cucumber matches
// every step text against its definitions while it builds the test cases and again when the step
// runs, and a suite's steps repeat the same texts many times. Each successful match of
// cucumber-expressions' TreeRegexp.match needs the start and end of every group, which it gets from
// regexp-match-indices; that package's test for the native `d` flag (on a RegExp without the
// flag) always fails, so it computes them with its JavaScript emulation, a second match with a
// "measurement" regular expression: about 0.15 s of a suite's CPU time in each cucumber process.
// (Native `d`-flag indices are not a drop-in replacement: the emulation places a group repeated
// by a quantifier, such as the inner group of `{string}`'s regular expression, at its first
// repetition, so cucumber's messages would change.)
//
// So each TreeRegexp remembers what the library's match returned for each text it was given: the
// same text gets the same Group tree (cucumber only reads it; each call still builds its own
// Arguments, whose values the parameter types transform on every call, as before). Regular
// expressions with the `g` or `y` flag (whose lastIndex changes the answer) are not remembered.
//
// This patches the copy of @cucumber/cucumber-expressions that cucumber itself requires
// (CommonJS, resolved as cucumber resolves it: there is one copy in node_modules).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

interface TreeRegexpLike {
  regexp: RegExp;
  match(s: string): unknown;
}

const require = createRequire(import.meta.url);
const cucumberRequire = createRequire(require.resolve('@cucumber/cucumber'));
const expressionsMain = cucumberRequire.resolve('@cucumber/cucumber-expressions');
const TreeRegexp = (cucumberRequire(join(dirname(expressionsMain), 'TreeRegexp.js')) as { default: { prototype: TreeRegexpLike } }).default;

// The library's own match, kept on the prototype so that a second copy of this module (a test
// loading it beside cucumber's) does not take the patched one for it.
const LIBRARY_MATCH = Symbol.for('kube-scenarios: TreeRegexp.match of cucumber-expressions');
const prototype = TreeRegexp.prototype as TreeRegexpLike & { [LIBRARY_MATCH]?: TreeRegexpLike['match'] };
prototype[LIBRARY_MATCH] ??= prototype.match;
/** cucumber-expressions' own TreeRegexp.match. */
export const libraryTreeRegexpMatch: TreeRegexpLike['match'] = prototype[LIBRARY_MATCH];

/** What each TreeRegexp's match returned, by text. */
const answers = new WeakMap<TreeRegexpLike, Map<string, unknown>>();
/** Texts remembered per TreeRegexp at most (a suite has a few hundred distinct step texts). */
const MAX_TEXTS = 4096;

/** TreeRegexp.match, remembered per TreeRegexp and text. */
export function rememberedMatch(this: TreeRegexpLike, s: string): unknown {
  if (this.regexp.global || this.regexp.sticky) return libraryTreeRegexpMatch.call(this, s);
  let byText = answers.get(this);
  if (byText === undefined) answers.set(this, (byText = new Map()));
  if (byText.has(s)) return byText.get(s);
  const answer = libraryTreeRegexpMatch.call(this, s);
  if (byText.size >= MAX_TEXTS) byText.clear();
  byText.set(s, answer);
  return answer;
}

prototype.match = rememberedMatch;
