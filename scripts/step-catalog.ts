// `npm run steps`: writes docs/steps.md, the catalog of every step a scenario can use, grouped by
// the file that defines it. `npm run steps -- --check` only compares, and exits 1 when the file is
// stale. The step definitions come from cucumber's own loading of the support code (with the
// configuration in cucumber.mjs), so the catalog sees exactly the patterns, files and lines that a
// run sees; each step's example is the first feature step that cucumber would run with it.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadConfiguration, loadSupport } from '@cucumber/cucumber/api';
import { NodeType, type Expression, type Node, type ParameterType } from '@cucumber/cucumber-expressions';
import { AstBuilder, GherkinClassicTokenMatcher, Parser, compile } from '@cucumber/gherkin';
import { IdGenerator, type FeatureChild, type PickleStepArgument, type RuleChild, type Step } from '@cucumber/messages';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CATALOG_PATH = 'docs/steps.md';

/** The parts of cucumber's loaded support code library that the catalog reads. */
interface LoadedStepDefinition {
  keyword: string;
  pattern: string | RegExp;
  expression: Expression & { ast?: Node };
  uri: string;
  line: number;
  unwrappedCode: Function;
  matchesStepName(stepName: string): boolean;
}
interface LoadedLibrary {
  stepDefinitions: LoadedStepDefinition[];
  parameterTypeRegistry: {
    parameterTypes: Iterable<ParameterType<unknown>>;
    lookupSource(parameterType: ParameterType<unknown>): { uri: string; line: number } | undefined;
  };
}

/** One step as written in a feature file, with what cucumber passes it besides its text. */
interface FeatureStep {
  uri: string;
  line: number;
  keyword: string;
  text: string;
  argument: PickleStepArgument | undefined;
}

export interface CatalogStep {
  keyword: string;
  phrasing: string;
  parameters: string[];
  description: string | undefined;
  uri: string;
  line: number;
  example: FeatureStep | undefined;
}

export interface CatalogParameterType {
  name: string;
  regexps: string[];
  description: string | undefined;
  uri: string;
  line: number;
}

export interface Catalog {
  steps: CatalogStep[];
  parameterTypes: CatalogParameterType[];
}

/** Loads the support code the way `cucumber-js` does. Call once per process: ES modules load only once. */
async function loadLibrary(): Promise<LoadedLibrary> {
  const environment = { cwd: ROOT };
  const { runConfiguration } = await loadConfiguration({ file: 'cucumber.mjs' }, environment);
  return (await loadSupport(runConfiguration, environment)) as unknown as LoadedLibrary;
}

function featureFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true })
    .flatMap((entry) => {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) return featureFiles(path);
      return entry.name.endsWith('.feature') ? [path] : [];
    })
    .sort();
}

/** The steps written in a feature's backgrounds, scenarios and rules. */
function stepsOf(children: readonly (FeatureChild | RuleChild)[]): Step[] {
  return children.flatMap((c) => [...(c.background?.steps ?? []), ...(c.scenario?.steps ?? []), ...('rule' in c && c.rule ? stepsOf(c.rule.children) : [])]);
}

/** Every step of every feature, in file order; scenario outline steps once per example row. */
function featureSteps(): FeatureStep[] {
  const newId = IdGenerator.incrementing();
  const steps: FeatureStep[] = [];
  for (const uri of featureFiles('features')) {
    const parser = new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher());
    const document = parser.parse(readFileSync(join(ROOT, uri), 'utf8'));
    // A pickle step names its source step by AST node id; the source step knows its line and keyword.
    const sourceSteps = new Map(stepsOf(document.feature?.children ?? []).map((s) => [s.id, s]));
    for (const pickle of compile(document, uri, newId)) {
      for (const step of pickle.steps) {
        const source = sourceSteps.get(step.astNodeIds[0])!;
        steps.push({ uri, line: source.location.line, keyword: source.keyword.trim(), text: step.text, argument: step.argument });
      }
    }
  }
  return steps.sort((a, b) => (a.uri === b.uri ? a.line - b.line : a.uri < b.uri ? -1 : 1));
}

/** The comment block directly above `line` (1-based) in a source file, markers stripped; blank comment lines split paragraphs. */
function commentAbove(uri: string, line: number): string | undefined {
  const lines = readFileSync(join(ROOT, uri), 'utf8').split('\n');
  const block: string[] = [];
  for (let i = line - 2; i >= 0 && /^\s*(\/\/|\/\*|\*)/.test(lines[i]); i--) {
    block.unshift(lines[i].trim().replace(/^(\/\/+|\/\*+|\*\/|\*)\s?/, '').replace(/\s*\*\/$/, ''));
  }
  const text = block.join('\n').trim();
  return text === '' ? undefined : text;
}

/** The file's opening comment: what its steps are about. */
function fileComment(uri: string): string | undefined {
  const lines = readFileSync(join(ROOT, uri), 'utf8').split('\n');
  const end = lines.findIndex((l) => !/^\s*(\/\/|\/\*|\*)/.test(l));
  return end > 0 ? commentAbove(uri, end + 1) : undefined;
}

/** The parameters cucumber passes: `{type}`s or regular-expression groups, then a doc string or data table. */
function parametersOf(definition: LoadedStepDefinition, example: FeatureStep | undefined): string[] {
  const parameters: string[] = [];
  const collect = (node: Node): void => {
    if (node.type === NodeType.parameter) parameters.push(`{${node.text()}}`);
    node.nodes?.forEach(collect);
  };
  if (definition.expression.ast) collect(definition.expression.ast);
  else {
    // The number of capturing groups: an alternative that matches the empty string reports them all.
    const groups = new RegExp(`${(definition.pattern as RegExp).source}|`).exec('')!.length - 1;
    for (let i = 1; i <= groups; i++) parameters.push(`group ${i} (text)`);
  }
  // Cucumber passes one more argument, the step's doc string or data table, when the function takes it.
  if (definition.unwrappedCode.length > parameters.length) {
    parameters.push(example?.argument?.dataTable ? 'data table' : example?.argument?.docString ? 'doc string' : 'doc string or data table');
  }
  return parameters;
}

export async function buildCatalog(): Promise<Catalog> {
  const library = await loadLibrary();
  const definitions = [...library.stepDefinitions].sort((a, b) => (a.uri === b.uri ? a.line - b.line : a.uri < b.uri ? -1 : 1));
  const examples = new Map<LoadedStepDefinition, FeatureStep>();
  for (const step of featureSteps()) {
    // Only a step that matches one definition runs it; an ambiguous step is no example of either.
    const matching = definitions.filter((d) => d.matchesStepName(step.text));
    if (matching.length === 1 && !examples.has(matching[0])) examples.set(matching[0], step);
  }
  const steps = definitions.map((d) => ({
    keyword: d.keyword,
    phrasing: typeof d.pattern === 'string' ? d.pattern : String(d.pattern),
    parameters: parametersOf(d, examples.get(d)),
    description: commentAbove(d.uri, d.line),
    uri: d.uri,
    line: d.line,
    example: examples.get(d),
  }));
  const parameterTypes: CatalogParameterType[] = [];
  for (const type of library.parameterTypeRegistry.parameterTypes) {
    const source = library.parameterTypeRegistry.lookupSource(type);
    if (!source || type.name === undefined) continue; // cucumber's built-in types: {int}, {string}, {word}, ...
    parameterTypes.push({ name: type.name, regexps: [...type.regexpStrings], description: commentAbove(source.uri, source.line), uri: source.uri, line: source.line });
  }
  parameterTypes.sort((a, b) => (a.name < b.name ? -1 : 1));
  return { steps, parameterTypes };
}

/** Inline code that survives backticks in its content. */
function code(text: string): string {
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}

function link(uri: string, line: number): string {
  return `[${uri}:${line}](../${uri}#L${line})`;
}

export function renderCatalog(catalog: Catalog): string {
  const out: string[] = [
    '# Step catalog',
    '',
    'Every step a scenario can use, generated from the step definitions in `steps/` and the features',
    'in `features/` by `npm run steps`. Do not edit this file by hand: change the comment above a step',
    'definition and run `npm run steps` again.',
    '',
  ];
  const files = [...new Set(catalog.steps.map((s) => s.uri))];
  for (const uri of files) {
    out.push(`## ${basename(uri).replace(/\.steps\.ts$|\.ts$/, '')}`, '');
    const about = fileComment(uri);
    if (about) out.push(about, '');
    for (const step of catalog.steps.filter((s) => s.uri === uri)) {
      out.push(`### ${code(`${step.keyword} ${step.phrasing}`)}`, '');
      out.push(step.description ?? '**(undocumented)**', '');
      out.push(`- Parameters: ${step.parameters.length ? step.parameters.map(code).join(', ') : 'none'}`);
      out.push(`- Defined at: ${link(step.uri, step.line)}`);
      const example = step.example ? `${code(`${step.example.keyword} ${step.example.text}`)} (${link(step.example.uri, step.example.line)})` : '**(no example in features/)**';
      out.push(`- Example: ${example}`, '');
    }
  }
  if (catalog.parameterTypes.length) {
    out.push('## Parameter types', '');
    out.push("Besides cucumber's built-in `{int}`, `{float}`, `{word}` and `{string}`, the steps use:", '');
    for (const type of catalog.parameterTypes) {
      out.push(`### ${code(`{${type.name}}`)}`, '');
      out.push(type.description ?? '**(undocumented)**', '');
      out.push(`- Matches: ${type.regexps.map((r) => code(`/${r}/`)).join(', ')}`);
      out.push(`- Defined at: ${link(type.uri, type.line)}`, '');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

async function main(check: boolean): Promise<void> {
  const markdown = renderCatalog(await buildCatalog());
  const path = join(ROOT, CATALOG_PATH);
  if (!check) {
    writeFileSync(path, markdown);
    console.log(`wrote ${CATALOG_PATH}`);
    return;
  }
  let current: string | undefined;
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    current = undefined;
  }
  if (current !== markdown) {
    console.error(`${CATALOG_PATH} is ${current === undefined ? 'missing' : 'stale'}: the step definitions or features changed. Run \`npm run steps\` and commit ${CATALOG_PATH}.`);
    process.exitCode = 1;
  } else console.log(`${CATALOG_PATH} is up to date`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(process.argv.includes('--check'));
}
