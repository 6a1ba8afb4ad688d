// The compiled copies that cucumber loads (steps/support/compiled.mjs) follow their sources: a
// changed file is compiled again, an unchanged one is not, a deleted one disappears, and the copies
// behave as the sources do (relative imports, JSON imports, import.meta naming the source file).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileSources, compiledPath } from '../../steps/support/compiled.mjs';

function project(): { root: string; outDir: string; write: (path: string, text: string) => void; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'ks-compiled-'));
  const outDir = join(root, 'out');
  const write = (path: string, text: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  return { root, outDir, write, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

async function load(outDir: string, source: string, version: number): Promise<Record<string, unknown>> {
  return (await import(`${pathToFileURL(compiledPath(source, outDir)).href}?v=${version}`)) as Record<string, unknown>;
}

test('compiled copies import each other and JSON, and import.meta names the source', async () => {
  const p = project();
  try {
    p.write('engine/data.json', '{ "answer": 42 }\n');
    p.write('engine/a.ts', "import data from './data.json' with { type: 'json' };\nexport interface Unused { x: number }\nexport const answer: number = data.answer;\nexport const here: string = import.meta.dirname;\nexport const url: string = import.meta.url;\n");
    p.write('steps/b.ts', "import { answer, type Unused } from '../engine/a.ts';\nconst u: Unused = { x: 1 };\nexport const doubled = (answer * 2) as number + u.x - 1;\n");
    compileSources({ root: p.root, outDir: p.outDir });
    const a = await load(p.outDir, 'engine/a.ts', 1);
    assert.equal(a.answer, 42);
    assert.equal(a.here, join(p.root, 'engine'));
    assert.equal(a.url, pathToFileURL(join(p.root, 'engine/a.ts')).href);
    assert.equal((await load(p.outDir, 'steps/b.ts', 1)).doubled, 84);
    // A source map points at the source, for stack traces and cucumber's step locations.
    const js = readFileSync(compiledPath('engine/a.ts', p.outDir), 'utf8');
    const map = JSON.parse(Buffer.from(/sourceMappingURL=data:application\/json;base64,(\S+)/.exec(js)![1]!, 'base64').toString('utf8')) as { sources: string[] };
    assert.deepEqual(map.sources, [pathToFileURL(join(p.root, 'engine/a.ts')).href]);
  } finally {
    p.cleanup();
  }
});

test('only what changed is compiled again; deleted sources lose their copies', async () => {
  const p = project();
  try {
    p.write('engine/a.ts', 'export const value = 1;\n');
    p.write('engine/b.ts', 'export const value = 2;\n');
    compileSources({ root: p.root, outDir: p.outDir });
    const bCompiledMs = statSync(compiledPath('engine/b.ts', p.outDir)).mtimeMs;
    // The same size, a later modification time: compiled again.
    p.write('engine/a.ts', 'export const value = 3;\n');
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(p.root, 'engine/a.ts'), later, later);
    compileSources({ root: p.root, outDir: p.outDir });
    assert.equal((await load(p.outDir, 'engine/a.ts', 2)).value, 3);
    assert.equal(statSync(compiledPath('engine/b.ts', p.outDir)).mtimeMs, bCompiledMs, 'b.ts did not change and was not compiled again');
    rmSync(join(p.root, 'engine/b.ts'));
    compileSources({ root: p.root, outDir: p.outDir });
    assert.equal(existsSync(compiledPath('engine/b.ts', p.outDir)), false);
    // A syntax error names the file and line.
    p.write('steps/bad.ts', 'export const x = 1;\nexport const = ;\n');
    assert.throws(() => compileSources({ root: p.root, outDir: p.outDir }), /steps\/bad\.ts:2:/);
  } finally {
    p.cleanup();
  }
});

test('a checkout moved with its file times compiles again, and a cache without a manifest keeps no orphan copies', async () => {
  const p = project();
  const moved = mkdtempSync(join(tmpdir(), 'ks-compiled-moved-'));
  try {
    const when = new Date('2026-01-01T00:00:00Z');
    p.write('engine/a.ts', 'export const here: string = import.meta.dirname;\n');
    utimesSync(join(p.root, 'engine/a.ts'), when, when);
    p.write('steps/old.ts', 'export const x = 1;\n');
    compileSources({ root: p.root, outDir: p.outDir });
    // The same file, same size and time, under another root, compiled into the same cache.
    mkdirSync(join(moved, 'engine'), { recursive: true });
    writeFileSync(join(moved, 'engine/a.ts'), readFileSync(join(p.root, 'engine/a.ts')));
    utimesSync(join(moved, 'engine/a.ts'), when, when);
    compileSources({ root: moved, outDir: p.outDir });
    assert.equal((await load(p.outDir, 'engine/a.ts', 2)).here, join(moved, 'engine'));
    // steps/old.ts has no source under the new root, and the old manifest did not count: gone.
    assert.equal(existsSync(compiledPath('steps/old.ts', p.outDir)), false);
  } finally {
    p.cleanup();
    rmSync(moved, { recursive: true, force: true });
  }
});
