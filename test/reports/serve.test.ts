import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileFor, serve } from '../../reports/serve.ts';

test('request paths map to files inside the root only', () => {
  assert.equal(fileFor('/r', '/'), '/r/index.html');
  assert.equal(fileFor('/r', '/data/a.json?x=1'), '/r/data/a.json');
  assert.equal(fileFor('/r', '/a%20b.txt'), '/r/a b.txt');
  assert.equal(fileFor('/r', '/../etc/passwd'), undefined);
  assert.equal(fileFor('/r', '/%2e%2e/etc/passwd'), undefined);
  assert.equal(fileFor('/r', '/%E0%A4%A'), undefined);
});

test('the server answers on the loopback address with the file and its type, 404 otherwise', async () => {
  const root = mkdtempSync(join(tmpdir(), 'ks-serve-'));
  writeFileSync(join(root, 'index.html'), '<h1>report</h1>');
  const server = await serve(root, 0);
  try {
    const page = await fetch(`http://127.0.0.1:${server.port}/`);
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(await page.text(), '<h1>report</h1>');
    assert.equal((await fetch(`http://127.0.0.1:${server.port}/missing.js`)).status, 404);
  } finally {
    await new Promise<void>((done) => server.close(done));
    rmSync(root, { recursive: true, force: true });
  }
});
