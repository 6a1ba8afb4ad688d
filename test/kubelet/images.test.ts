import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ImageCatalog, httpStableUntil, httpStatus, imageRepository, parseBehaviour } from '../../engine/kubelet/images.ts';
import { UserError } from '../../engine/errors.ts';

test('image references reduce to the catalog key', () => {
  assert.equal(imageRepository('docker.io/library/nginx:1.27'), 'nginx');
  assert.equal(imageRepository('luksa/kubia'), 'luksa/kubia');
  assert.equal(imageRepository('luksa/kubia@sha256:abc'), 'luksa/kubia');
  assert.equal(imageRepository('localhost:5000/app:v1'), 'localhost:5000/app');
  assert.equal(imageRepository('k8s.gcr.io/e2e-test-images/agnhost:2.40'), 'registry.k8s.io/e2e-test-images/agnhost');
});

test('kubia-unhealthy answers 200 to five requests, then 500 (the book\'s app.js)', () => {
  const answers = new ImageCatalog().resolve('luksa/kubia-unhealthy', undefined).http![0].answers;
  assert.deepEqual([1, 2, 3, 4, 5, 6, 7].map((n) => httpStatus(answers, '/', n, 0)), [200, 200, 200, 200, 200, 500, 500]);
  // After the fifth request the next one differs: no skipping ahead.
  assert.equal(httpStableUntil(answers, '/', 5, 40_000), 40_000);
  assert.equal(httpStableUntil(answers, '/', 6, 50_000), Infinity);
});

test('agnhost liveness answers 200 for 10 s after start, then 500 (chosen by its first argument)', () => {
  const b = new ImageCatalog().resolve('registry.k8s.io/e2e-test-images/agnhost:2.40', ['liveness']);
  const answers = b.http![0].answers;
  assert.equal(httpStatus(answers, '/healthz', 1, 9_999), 200);
  assert.equal(httpStatus(answers, '/healthz', 2, 10_000), 500);
  assert.equal(httpStableUntil(answers, '/healthz', 1, 3_000), 10_000);
  assert.equal(b.sigterm, 'die');
});

test('a step\'s "answers 500 on /health after 2 minutes" changes only that path', () => {
  const catalog = new ImageCatalog();
  catalog.answerAfter('example.com/shop:1.0', 500, '/health', 120_000);
  const answers = catalog.resolve('example.com/shop:2.0', undefined).http![0].answers;
  assert.equal(httpStatus(answers, '/health', 1, 119_999), 200);
  assert.equal(httpStatus(answers, '/health', 2, 120_000), 500);
  assert.equal(httpStatus(answers, '/', 3, 500_000), 200);
});

test('a catalog file describes behaviour as data, and refuses unknown fields', () => {
  const catalog = new ImageCatalog();
  catalog.loadFile('my/app:\n  sigterm: die\n  logs: [started]\n  exitAfter: 2m\n  exitCode: 3\n', 'images.yaml');
  const b = catalog.resolve('my/app:1', undefined);
  assert.deepEqual([b.sigterm, b.logs, b.exitAfterMs, b.exitCode], ['die', ['started'], 120_000, 3]);
  assert.throws(() => parseBehaviour({ colour: 'blue' }, 'images.yaml: my/app'), (e: unknown) => e instanceof UserError && /unknown field "colour"/.test(e.message));
  assert.throws(() => parseBehaviour({ sigterm: 'sometimes' }, 'x'), /sigterm must be exit, die or ignore/);
  assert.throws(() => catalog.loadFile('a: [', 'images.yaml'), /error parsing images.yaml/);
});

test('a catalog text read again (it is parsed once) gives each catalog entries of its own', () => {
  const text = 'my/app:\n  logs: [started]\n  http:\n    - port: 8080\n      answers: [{status: 200, for: 10s}, {status: 500}]\n';
  const first = new ImageCatalog();
  first.loadFile(text, 'images.yaml');
  const second = new ImageCatalog();
  second.loadFile(text, 'images.yaml');
  const a = first.resolve('my/app', undefined);
  const b = second.resolve('my/app', undefined);
  assert.deepEqual(b, a);
  assert.deepEqual(a.http, [{ port: 8080, answers: [{ status: 200, forMs: 10_000 }, { status: 500 }] }]);
  assert.notEqual(b.http, a.http);
  assert.notEqual(b.logs, a.logs);
  // Changing one catalog leaves a catalog read from the same text alone.
  first.answerAfter('my/app', 503, '/health', 0);
  assert.deepEqual(new ImageCatalog().resolve('my/app', undefined), new ImageCatalog().resolve('other/app', undefined));
  const third = new ImageCatalog();
  third.loadFile(text, 'images.yaml');
  assert.deepEqual(third.resolve('my/app', undefined), b);
  // A text that does not parse fails each time, with the same message.
  const bad = () => new ImageCatalog().loadFile('a: [', 'other.yaml');
  assert.throws(bad, /error parsing other.yaml/);
  assert.throws(bad, /error parsing other.yaml/);
  assert.throws(() => new ImageCatalog().loadFile('- a\n', 'images.yaml'), /a map of image name to behaviour/);
  assert.throws(() => new ImageCatalog().loadFile('- a\n', 'images.yaml'), /a map of image name to behaviour/);
});
