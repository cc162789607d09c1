// GET /files/<path>: a file's raw bytes from the notebook root, with the
// contents API's confinement (no traversal, no hidden entries, no link out), a
// sandbox CSP, and an attachment on ?download=1.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer, type TestServer } from '../helpers.js';

describe('/files/', () => {
  let s: TestServer;
  const bytes = Buffer.from([0, 1, 2, 250, 255]);
  before(async () => {
    s = await startServer();
    await mkdir(join(s.root, 'sub dir'));
    await writeFile(join(s.root, 'sub dir', 'notes é.txt'), 'hello files\n');
    await writeFile(join(s.root, 'data.bin'), bytes);
    await writeFile(join(s.root, 'page.html'), '<script>document.cookie</script>');
    await writeFile(join(s.root, '.hidden'), 'hidden');
    await symlink(join(s.outside, 'secret.txt'), join(s.root, 'link-out.txt'));
    await symlink(join(s.root, 'data.bin'), join(s.root, 'link-in.bin'));
  });
  after(() => s.close());

  test('a file: its bytes and content type, under a sandbox CSP', async () => {
    const r = await s.api('GET', '/files/sub%20dir/notes%20%C3%A9.txt');
    assert.equal(r.status, 200);
    assert.equal(r.text, 'hello files\n');
    assert.equal(r.headers['content-type'], 'text/plain; charset=UTF-8');
    assert.match(String(r.headers['content-security-policy']), /sandbox allow-scripts/);
    assert.equal(r.headers['content-disposition'], undefined);
    const html = await s.api('GET', '/files/page.html');
    assert.match(String(html.headers['content-security-policy']), /sandbox/, 'an HTML file cannot act as the app');
    const bin = await fetch(`${s.origin}/files/data.bin`, { headers: { authorization: `token ${s.token}` } });
    assert.deepEqual(Buffer.from(await bin.arrayBuffer()), bytes);
    assert.equal(bin.headers.get('content-type'), 'application/octet-stream');
    assert.equal((await s.api('GET', '/files/link-in.bin')).status, 200, 'a link inside the root is followed');
  });

  test('?download=1 makes it an attachment with the encoded name', async () => {
    const r = await s.api('GET', '/files/sub%20dir/notes%20%C3%A9.txt?download=1');
    assert.equal(r.headers['content-disposition'], "attachment; filename*=UTF-8''notes%20%C3%A9.txt");
  });

  test('traversal, links out, hidden files, folders and missing files are refused', async () => {
    const cases: [string, number][] = [
      ['/files/../outside/secret.txt', 403],
      ['/files/%2e%2e/outside/secret.txt', 403],
      ['/files/sub%20dir/..%2F..%2Foutside%2Fsecret.txt', 403],
      ['/files/link-out.txt', 403],
      ['/files/.hidden', 404],
      ['/files/sub%20dir', 404],
      ['/files/', 404],
      ['/files/nope.txt', 404],
      ['/files/a%00b', 404],
    ];
    for (const [path, status] of cases) {
      const r = await s.raw('GET', path, { headers: { authorization: `token ${s.token}` } });
      assert.equal(r.status, status, path);
      assert.doesNotMatch(r.text, /top secret|hidden$/, path);
    }
  });

  test('no token, no file', async () => {
    assert.equal((await s.raw('GET', '/files/data.bin')).status, 403);
  });
});
