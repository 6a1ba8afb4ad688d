// What cucumber loads (the steps, the engine, the report modules and the Allure formatter) is
// JavaScript compiled ahead from the TypeScript sources, kept in node_modules/.cache/kube-scenarios/
// (never committed; a fresh clone builds it on its first run). Loading TypeScript through tsx costs
// every cucumber process a loader thread and a round trip to it for each of the hundred-odd
// modules, a few hundred milliseconds of each start-up; plain JavaScript needs neither.
//
// The cache follows the sources: every run compares each source file's size and modification time
// with those recorded for its compiled copy and compiles again only what changed (TypeScript's
// transpileModule, loaded only then, as tsx would transpile it: types removed, nothing
// type-checked; `npm run typecheck` does that). Relative imports of `.ts` files become `.js`,
// `import.meta` keeps naming the source file, and each file carries a source map to its source,
// so stack traces and cucumber's step locations name `steps/x.steps.ts:LINE` as before
// (cucumber.mjs turns source maps on).
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, copyFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Where the compiled copies live, mirroring the source tree. */
export const COMPILED_DIR = join(ROOT, 'node_modules', '.cache', 'kube-scenarios');
/** The source folders cucumber's code comes from. */
const SOURCE_DIRS = ['engine', 'steps', 'reports'];
/** Changes whenever the way files are compiled changes, so that an old cache is not used. */
const FORMAT = 1;

/** Every .ts (not .d.ts) and .json file under the source folders, relative to the root, sorted. */
function sources(root) {
  const found = [];
  const walk = (dir) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (path !== 'reports/out') walk(path);
      } else if ((entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) || entry.name.endsWith('.json')) found.push(path);
    }
  };
  for (const dir of SOURCE_DIRS) if (existsSync(join(root, dir))) walk(dir);
  return found.sort();
}

/** The compiled copy of a source file (`steps/world.ts` → …/steps/world.js), as an absolute path. */
export function compiledPath(source, outDir = COMPILED_DIR) {
  return join(outDir, source.replace(/\.ts$/, '.js'));
}

function writeAtomically(path, content) {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, path);
}

let typescript;
function transpile(root, source) {
  typescript ??= createRequire(import.meta.url)('typescript');
  const ts = typescript;
  const file = join(root, source);
  const url = pathToFileURL(file).href;
  const result = ts.transpileModule(readFileSync(file, 'utf8'), {
    fileName: file,
    reportDiagnostics: true,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      rewriteRelativeImportExtensions: true,
      esModuleInterop: true,
      sourceMap: true,
    },
  });
  const errors = (result.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) {
    const where = (d) => (d.file && d.start !== undefined ? `:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}` : '');
    throw new Error(errors.map((d) => `${source}${where(d)}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`).join('\n'));
  }
  const map = JSON.parse(result.sourceMapText);
  map.sources = [url];
  delete map.sourceRoot;
  // import.meta names the source file, as it does when tsx runs the source itself. The
  // replacements keep every line where it was, so the source map stays right.
  const code = result.outputText
    .replace(/^\/\/# sourceMappingURL=.*$/m, '')
    .replace(/\bimport\.meta\.(url|dirname|filename)\b/g, (_, name) => JSON.stringify(name === 'url' ? url : name === 'dirname' ? dirname(file) : file));
  return `${code.trimEnd()}\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}\n`;
}

/**
 * Brings the compiled copies up to date with the sources; returns the folder that holds them.
 * `root` and `outDir` are for tests: the project's root and its cache by default.
 */
export function compileSources({ root = ROOT, outDir = COMPILED_DIR } = {}) {
  const manifestPath = join(outDir, 'manifest.json');
  const files = sources(root);
  const stamps = Object.fromEntries(files.map((f) => {
    const s = statSync(join(root, f));
    return [f, `${s.size}:${s.mtimeMs}`];
  }));
  let previous;
  try {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    // The copies name their source's absolute path (import.meta), so a checkout that was moved or
    // copied (its files keeping their sizes and times) compiles everything again.
    if (manifest.format === FORMAT && manifest.root === root) previous = manifest.files;
  } catch {
    // No cache yet, or an unreadable one: everything is compiled.
  }
  if (previous === undefined) {
    // Without a manifest to say which copies are whose, none is kept: a copy of a deleted or
    // renamed step file would otherwise still be loaded.
    for (const dir of SOURCE_DIRS) rmSync(join(outDir, dir), { recursive: true, force: true });
    previous = {};
  }
  let changed = false;
  for (const f of files) {
    const compiled = compiledPath(f, outDir);
    if (previous[f] === stamps[f] && existsSync(compiled)) continue;
    changed = true;
    if (f.endsWith('.json')) {
      mkdirSync(dirname(compiled), { recursive: true });
      copyFileSync(join(root, f), compiled);
    } else {
      writeAtomically(compiled, transpile(root, f));
    }
  }
  for (const f of Object.keys(previous)) {
    if (!(f in stamps)) {
      changed = true;
      rmSync(compiledPath(f, outDir), { force: true });
    }
  }
  if (changed || !existsSync(join(outDir, 'package.json')) || !existsSync(manifestPath)) {
    // The copies are ES modules, as the sources are (package.json's "type": "module" does not
    // reach into node_modules).
    writeAtomically(join(outDir, 'package.json'), '{ "type": "module" }\n');
    writeAtomically(manifestPath, `${JSON.stringify({ format: FORMAT, root, files: stamps })}\n`);
  }
  return outDir;
}

/** A path for cucumber's configuration: relative to the working directory, with forward slashes. */
export function forCucumber(path) {
  return relative(process.cwd(), path).split(sep).join('/');
}
