// Every way out of the root is refused (403 outside, 404 for what cannot exist),
// and the folder beside the root is byte-for-byte unchanged afterwards.
// Requests go through node:http so `..` and `%2e%2e` reach the server unnormalized.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer, type TestServer } from './helpers.js';

let s: TestServer;
let auth: Record<string, string>;
let outsideBefore: string[];

async function snapshot(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const p = join(e.parentPath ?? dir, e.name);
    out.push(e.isFile() ? `${p}=${await readFile(p, 'utf8')}` : p);
  }
  return out.sort();
}

before(async () => {
  s = await startServer();
  auth = { authorization: `token ${s.token}`, 'content-type': 'application/json' };
  await writeFile(join(s.root, 'inner.txt'), 'inside\n');
  await mkdir(join(s.root, 'sub'));
  await symlink(s.outside, join(s.root, 'link-out')); // a folder link out of the root
  await symlink(join(s.outside, 'secret.txt'), join(s.root, 'file-out')); // a file link out
  await symlink(join(s.outside, 'absent.txt'), join(s.root, 'dangling')); // a link to a file that does not exist yet
  await symlink(join(s.root, 'inner.txt'), join(s.root, 'link-in')); // a link that stays inside: allowed
  outsideBefore = await snapshot(s.outside);
});

after(async () => {
  assert.deepEqual(await snapshot(s.outside), outsideBefore, 'nothing outside the root changed');
  await s.close();
});

const refused = (status: number) => status === 403 || status === 404;

describe('URL paths', () => {
  const attempts = [
    '/api/contents/../outside/secret.txt',
    '/api/contents/sub/../../outside/secret.txt',
    '/api/contents/%2e%2e/outside/secret.txt',
    '/api/contents/%2E%2E%2Foutside%2Fsecret.txt',
    '/api/contents/sub%2F..%2F..%2Foutside%2Fsecret.txt',
    '/api/contents/..%5C..%5Coutside',
    '/api/contents/%2Fetc%2Fpasswd',
    '/api/contents//etc/passwd',
    '/api/contents/inner.txt%00.ipynb',
    '/api/contents/%00',
    '/api/contents/link-out/secret.txt',
    '/api/contents/link-out',
    '/api/contents/file-out',
    '/api/contents/dangling',
  ];
  for (const path of attempts) {
    test(`GET ${path} is refused`, async () => {
      const r = await s.raw('GET', path, { headers: auth });
      assert.ok(refused(r.status), `status ${r.status}`);
      assert.doesNotMatch(r.text, /top secret|root:/);
      assert.equal(typeof r.json().message, 'string');
    });
  }

  test('outside-root answers 403, a NUL byte 404, double encoding is just an odd name', async () => {
    assert.equal((await s.raw('GET', '/api/contents/%2e%2e/outside', { headers: auth })).status, 403);
    assert.equal((await s.raw('GET', '/api/contents/link-out/secret.txt', { headers: auth })).status, 403);
    assert.equal((await s.raw('GET', '/api/contents/%2Fetc%2Fpasswd', { headers: auth })).status, 403);
    assert.equal((await s.raw('GET', '/api/contents/a%00b', { headers: auth })).status, 404);
    assert.equal((await s.raw('GET', '/api/contents/%252e%252e/outside', { headers: auth })).status, 404);
  });

  test('writes through traversal are refused', async () => {
    const file = JSON.stringify({ type: 'file', format: 'text', content: 'pwned' });
    for (const path of ['/api/contents/../outside/new.txt', '/api/contents/%2e%2e%2foutside%2fsecret.txt', '/api/contents/link-out/new.txt', '/api/contents/file-out', '/api/contents/dangling']) {
      const r = await s.raw('PUT', path, { headers: auth, body: file });
      assert.equal(r.status, 403, `PUT ${path}`);
    }
    for (const path of ['/api/contents/../outside/secret.txt', '/api/contents/link-out/secret.txt', '/api/contents/file-out', '/api/contents/link-out']) {
      assert.equal((await s.raw('DELETE', path, { headers: auth })).status, 403, `DELETE ${path}`);
    }
    assert.equal((await s.raw('POST', '/api/contents/link-out', { headers: auth, body: '{"type":"file"}' })).status, 403);
    assert.equal((await s.raw('POST', '/api/contents/link-out/checkpoints', { headers: auth })).status, 403);
  });
});

describe('paths in bodies', () => {
  test('rename targets and copy sources are confined too', async () => {
    for (const target of ['../outside/moved.txt', '/tmp/moved.txt', 'link-out/moved.txt', 'sub/../../outside/x', 'a\u0000b']) {
      const r = await s.api('PATCH', '/api/contents/inner.txt', { path: target });
      assert.ok(refused(r.status), `rename to ${JSON.stringify(target)}: ${r.status}`);
    }
    assert.equal(await readFile(join(s.root, 'inner.txt'), 'utf8'), 'inside\n', 'still where it was');
    for (const from of ['../outside/secret.txt', '/etc/passwd', 'link-out/secret.txt', 'file-out']) {
      const r = await s.api('POST', '/api/contents/sub', { copy_from: from });
      assert.ok(refused(r.status), `copy from ${from}: ${r.status}`);
    }
    assert.deepEqual(await readdir(join(s.root, 'sub')), []);
  });
});

describe('links', () => {
  test('a link inside the root works; links out and dangling links are not listed', async () => {
    const r = await s.api('GET', '/api/contents/link-in');
    assert.equal(r.status, 200);
    assert.equal(r.json().content, 'inside\n');
    const names = (await s.api('GET', '/api/contents')).json().content.map((c: { name: string }) => c.name).sort();
    assert.deepEqual(names, ['inner.txt', 'link-in', 'sub']);
  });

  test('saving through an inside link writes the target; deleting it removes only the link', async () => {
    const r = await s.api('PUT', '/api/contents/link-in', { type: 'file', format: 'text', content: 'via link\n' });
    assert.equal(r.status, 200);
    assert.equal(await readFile(join(s.root, 'inner.txt'), 'utf8'), 'via link\n');
    await symlink(join(s.root, 'inner.txt'), join(s.root, 'link-2'));
    assert.equal((await s.api('DELETE', '/api/contents/link-2')).status, 204);
    assert.equal(await readFile(join(s.root, 'inner.txt'), 'utf8'), 'via link\n', 'the target survives');
    await s.api('PUT', '/api/contents/inner.txt', { type: 'file', format: 'text', content: 'inside\n' });
  });

  test('a planted .ipynb_checkpoints link cannot make a checkpoint land outside', async () => {
    await mkdir(join(s.root, 'planted'));
    await writeFile(join(s.root, 'planted', 'p.c'), 'p');
    await symlink(s.outside, join(s.root, 'planted', '.ipynb_checkpoints'));
    assert.equal((await s.api('POST', '/api/contents/planted/p.c/checkpoints')).status, 403);
    assert.equal((await s.api('GET', '/api/contents/planted/p.c/checkpoints')).status, 403);
    assert.equal((await s.api('DELETE', '/api/contents/planted/p.c')).status, 204, 'the file itself can go; the outside is left alone');
  });
});

describe('other file-serving routes', () => {
  test('static files and kernelspec resources cannot be used to read outside their folder', async () => {
    for (const path of ['/static/../api/contents', '/static/%2e%2e/%2e%2e/outside/secret.txt', '/lab/%2e%2e%2f%2e%2e%2foutside%2fsecret.txt', '/kernelspecs/fake-x86_64/..%2f..%2foutside%2fsecret.txt']) {
      const r = await s.raw('GET', path, { headers: auth });
      assert.ok(refused(r.status) || r.headers['content-type']?.toString().startsWith('text/html'), `${path}: ${r.status}`);
      assert.doesNotMatch(r.text, /top secret/);
    }
  });
});
