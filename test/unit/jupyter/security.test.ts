// Token, login cookie, XSRF, Host and Origin checks, for requests and for
// WebSocket upgrades (through authorizeUpgrade on a real upgrade).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import WebSocket, { WebSocketServer } from 'ws';
import { refuseUpgrade } from '../../../server/src/jupyter/app.js';
import { startServer, type TestServer } from './helpers.js';

let s: TestServer;
before(async () => {
  s = await startServer({ allowOrigin: ['https://allowed.example'] });
});
after(() => s.close());

/** The Set-Cookie values of a reply as name -> full cookie string. */
function cookies(r: { headers: Record<string, string | string[] | undefined> }): Map<string, string> {
  const list = ([] as string[]).concat(r.headers['set-cookie'] ?? []);
  return new Map(list.map((c) => [c.slice(0, c.indexOf('=')), c]));
}
const value = (cookie: string) => cookie.slice(cookie.indexOf('=') + 1, cookie.indexOf(';'));

describe('token', () => {
  test('missing or wrong token: 403 with a JSON body', async () => {
    const none = await s.raw('GET', '/api/contents');
    assert.equal(none.status, 403);
    assert.match(none.json().message, /token/);
    assert.equal((await s.raw('GET', '/api/contents', { headers: { authorization: 'token nope' } })).status, 403);
    assert.equal((await s.raw('GET', '/api/contents?token=nope')).status, 403);
    assert.equal((await s.raw('GET', '/api/kernels', { headers: { cookie: 'bootbook-login-0=forged' } })).status, 403);
    assert.equal((await s.raw('GET', '/api/this/does/not/exist')).status, 403, 'unknown routes learn nothing either');
  });

  test('header (token or Bearer) and query token are accepted', async () => {
    assert.equal((await s.raw('GET', '/api/contents', { headers: { authorization: `token ${s.token}` } })).status, 200);
    assert.equal((await s.raw('GET', '/api/contents', { headers: { authorization: `Bearer ${s.token}` } })).status, 200);
    assert.equal((await s.raw('GET', `/api/contents?token=${s.token}`)).status, 200);
  });

  test('a browser page load without the token gets a page, not JSON', async () => {
    const r = await s.raw('GET', '/lab', { headers: { accept: 'text/html' } });
    assert.equal(r.status, 403);
    assert.match(String(r.headers['content-type']), /text\/html/);
    assert.match(r.text, /token/);
  });

  test('?token= on a page load sets an HttpOnly login cookie that later requests can use', async () => {
    const page = await s.raw('GET', `/lab?token=${s.token}`);
    assert.equal(page.status, 200);
    const set = cookies(page);
    const login = set.get(`bootbook-login-${s.port}`);
    assert.ok(login, `login cookie set: ${[...set.keys()].join(', ')}`);
    assert.match(login, /HttpOnly/);
    assert.match(login, /SameSite=Lax/);
    assert.doesNotMatch(login, new RegExp(s.token), 'the cookie is not the token');
    const later = await s.raw('GET', '/api/contents', { headers: { cookie: `bootbook-login-${s.port}=${value(login)}` } });
    assert.equal(later.status, 200);
  });
});

describe('XSRF', () => {
  let loginCookie: string;
  let xsrf: string;
  before(async () => {
    const page = await s.raw('GET', `/lab?token=${s.token}`);
    const set = cookies(page);
    loginCookie = `bootbook-login-${s.port}=${value(set.get(`bootbook-login-${s.port}`)!)}`;
    xsrf = value(set.get('_xsrf')!);
    assert.ok(xsrf.length >= 32, 'GET responses set the _xsrf cookie');
  });

  test('a cookie-authenticated POST needs X-XSRFToken equal to the _xsrf cookie', async () => {
    const body = '{"type":"file","ext":".c"}';
    const without = await s.raw('POST', '/api/contents', { headers: { cookie: `${loginCookie}; _xsrf=${xsrf}` }, body });
    assert.equal(without.status, 403);
    assert.match(without.json().message, /xsrf/i);
    const wrong = await s.raw('POST', '/api/contents', { headers: { cookie: `${loginCookie}; _xsrf=${xsrf}`, 'x-xsrftoken': 'guess' }, body });
    assert.equal(wrong.status, 403);
    const noCookie = await s.raw('POST', '/api/contents', { headers: { cookie: loginCookie, 'x-xsrftoken': xsrf }, body });
    assert.equal(noCookie.status, 403);
    const ok = await s.raw('POST', '/api/contents', { headers: { cookie: `${loginCookie}; _xsrf=${xsrf}`, 'x-xsrftoken': xsrf }, body });
    assert.equal(ok.status, 201);
    const del = await s.raw('DELETE', `/api/contents/${ok.json().path}`, { headers: { cookie: loginCookie } });
    assert.equal(del.status, 403, 'DELETE is state-changing too');
  });

  test('token-authenticated requests are exempt (they prove the secret)', async () => {
    const r = await s.raw('POST', '/api/contents', { headers: { authorization: `token ${s.token}` }, body: '{"type":"directory"}' });
    assert.equal(r.status, 201);
  });
});

describe('Host and Origin', () => {
  const auth = () => ({ authorization: `token ${s.token}` });

  test('a foreign Host is refused even with the token (DNS rebinding)', async () => {
    const r = await s.raw('GET', '/api/contents', { headers: { ...auth(), host: `evil.example:${s.port}` } });
    assert.equal(r.status, 403);
    assert.match(r.json().message, /evil\.example/);
    for (const host of [`localhost:${s.port}`, `127.0.0.1:${s.port}`, `[::1]:${s.port}`, 'LOCALHOST']) {
      assert.equal((await s.raw('GET', '/api/contents', { headers: { ...auth(), host } })).status, 200, host);
    }
  });

  test('a foreign Origin may not change state; same-origin and allowOrigin may', async () => {
    const body = '{"type":"directory"}';
    const foreign = await s.raw('POST', '/api/contents', { headers: { ...auth(), origin: 'http://evil.example' }, body });
    assert.equal(foreign.status, 403);
    assert.equal((await s.raw('POST', '/api/contents', { headers: { ...auth(), origin: 'null' }, body })).status, 403);
    assert.equal((await s.raw('POST', '/api/contents', { headers: { ...auth(), origin: s.origin }, body })).status, 201);
    const allowed = await s.raw('POST', '/api/contents', { headers: { ...auth(), origin: 'https://allowed.example' }, body });
    assert.equal(allowed.status, 201);
    assert.equal(allowed.headers['access-control-allow-origin'], 'https://allowed.example');
    const read = await s.raw('GET', '/api/contents', { headers: { ...auth(), origin: 'http://evil.example' } });
    assert.equal(read.status, 200, 'reads are harmless: the browser hides them without CORS headers');
    assert.equal(read.headers['access-control-allow-origin'], undefined);
  });

  test('CORS preflight answers allowed origins only', async () => {
    const ok = await s.raw('OPTIONS', '/api/contents', { headers: { origin: 'https://allowed.example' } });
    assert.equal(ok.status, 204);
    assert.match(String(ok.headers['access-control-allow-headers']), /X-XSRFToken/);
    assert.equal((await s.raw('OPTIONS', '/api/contents', { headers: { origin: 'http://evil.example' } })).status, 403);
  });
});

describe('WebSocket upgrades', () => {
  let wss: WebSocketServer;
  before(() => {
    // How the socket layer is meant to use it: authorize first, refuse with refuseUpgrade.
    wss = new WebSocketServer({ noServer: true });
  });
  after(() => wss.close());

  function fakeReq(url: string, headers: Record<string, string>): IncomingMessage {
    return { url, headers: { host: `127.0.0.1:${s.port}`, ...headers }, method: 'GET' } as unknown as IncomingMessage;
  }

  test('authorizeUpgrade applies token, Host and Origin', () => {
    const url = `/api/kernels/k1/channels?session_id=x&token=${s.token}`;
    assert.deepEqual(s.app.authorizeUpgrade(fakeReq(url, { origin: s.origin })), { ok: true });
    assert.deepEqual(s.app.authorizeUpgrade(fakeReq('/api/kernels/k1/channels', { authorization: `token ${s.token}` })), { ok: true });
    const noToken = s.app.authorizeUpgrade(fakeReq('/api/kernels/k1/channels', {}));
    assert.equal(noToken.ok, false);
    assert.equal(!noToken.ok && noToken.status, 403);
    const badHost = s.app.authorizeUpgrade(fakeReq(url, { host: 'evil.example' }));
    assert.equal(!badHost.ok && badHost.status, 403);
    const badOrigin = s.app.authorizeUpgrade(fakeReq(url, { origin: 'http://evil.example' }));
    assert.equal(!badOrigin.ok && badOrigin.status, 403);
    assert.deepEqual(s.app.authorizeUpgrade(fakeReq(url, { origin: 'https://allowed.example' })), { ok: true });
  });

  test('socketTarget and isEventsSocket tell the socket layer what an upgrade asks for', () => {
    assert.equal(s.app.isEventsSocket('/api/events/subscribe?token=x'), true);
    assert.equal(s.app.isEventsSocket('/api/kernels/a/channels'), false);
    assert.deepEqual(s.app.socketTarget('/api/kernels/k%2D1/channels?session_id=s1'), { kind: 'kernel', kernelId: 'k-1', sessionId: 's1' });
    assert.equal(s.app.socketTarget('/api/kernels/k1/other'), undefined);
  });

  test('a real upgrade: refused without the token, accepted with it', async () => {
    const { createServer } = await import('node:http');
    const server = createServer(s.app.handle);
    server.on('upgrade', (req, socket, head) => {
      const verdict = s.app.authorizeUpgrade(req);
      if (!verdict.ok) return refuseUpgrade(socket, verdict);
      wss.handleUpgrade(req, socket, head, (ws) => ws.close(1000, 'ok'));
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const port = (server.address() as { port: number }).port;
    const attempt = (url: string, headers: Record<string, string> = {}) =>
      new Promise<number>((ok) => {
        const ws = new WebSocket(`ws://127.0.0.1:${port}${url}`, { headers });
        ws.on('unexpected-response', (_req, res) => ok(res.statusCode ?? 0));
        ws.on('open', () => ok(101));
        ws.on('error', () => ok(-1));
      });
    assert.equal(await attempt('/api/events/subscribe'), 403);
    assert.equal(await attempt(`/api/events/subscribe?token=${s.token}`, { origin: 'http://evil.example' }), 403);
    assert.equal(await attempt(`/api/events/subscribe?token=${s.token}`), 101);
    server.closeAllConnections();
    await new Promise((ok) => server.close(ok));
  });
});
