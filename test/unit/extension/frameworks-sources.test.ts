// The frameworks panel's model of packs from elsewhere, against a fake API: what
// needs trust, what the Available section lists, busy and failure states, the
// refresh after a change, and the words of the trust confirmation.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  PackSourcesModel,
  availableNote,
  originLine,
  trustDialogText,
  type AvailablePack,
  type PackSourceStatus,
  type PackSourcesApi
} from '../../../extension/src/frameworks/sources/model.js';

const added: PackSourceStatus = {
  name: 'tiny',
  origin: 'added',
  dir: '/u/packs/tiny',
  trust: 'untrusted',
  installed: { source: 'file:///srv/tiny.git', path: '', ref: 'v1', commit: 'c'.repeat(40), hash: 'd'.repeat(64), installedAt: '2026-01-01T00:00:00Z' }
};
const bundled: PackSourceStatus = { name: 'kite', origin: 'bundled', dir: '/b/kernels/kite', trust: 'not-needed' };
const offer = (name: string, installed: AvailablePack['installed']): AvailablePack => ({
  name,
  summary: 's',
  source: 'file:///srv/x.git',
  hash: 'e'.repeat(64),
  architectures: ['x86_64'],
  interfaces: ['bootbook/1'],
  index: '/srv/index.json',
  installed
});

function fakeApi(state: { sources: PackSourceStatus[]; available: AvailablePack[] }, log: string[], fail?: string): PackSourcesApi {
  return {
    sources: async () => ({ packs: state.sources }),
    available: async () => ({ packs: state.available, problems: [{ index: '/x', reason: 'pack index /x does not exist' }] }),
    install: async name => {
      log.push(`install ${name}`);
      if (fail) throw new Error(fail);
      state.sources = [...state.sources, { ...added, name }];
      state.available = state.available.map(a => (a.name === name ? { ...a, installed: 'yes' } : a));
    },
    trust: async name => {
      log.push(`trust ${name}`);
      state.sources = state.sources.map(s => (s.name === name ? { ...s, trust: 'trusted' } : s));
    }
  };
}

describe('pack sources model', () => {
  test('refresh: trust needs, the Available list without installed packs, index problems', async () => {
    const m = new PackSourcesModel(fakeApi({ sources: [added, bundled], available: [offer('tiny', 'yes'), offer('other', 'no'), offer('kite', 'other')] }, []));
    let changes = 0;
    m.subscribe(() => changes++);
    await m.refresh();
    assert.equal(changes, 1);
    assert.equal(m.needsTrust('tiny'), true);
    assert.equal(m.needsTrust('kite'), false);
    assert.deepEqual(m.available.map(a => a.name), ['other', 'kite']);
    assert.deepEqual(m.problems, ['pack index /x does not exist']);
  });

  test('install: busy while it runs, then the pack list and the sources are refreshed', async () => {
    const log: string[] = [];
    const state = { sources: [bundled], available: [offer('newpack', 'no')] };
    const m = new PackSourcesModel(fakeApi(state, log), () => void log.push('packs refreshed'));
    await m.refresh();
    const busySeen: (string | undefined)[] = [];
    m.subscribe(() => busySeen.push(m.busy('newpack')));
    assert.equal(await m.install('newpack'), true);
    assert.deepEqual(log, ['install newpack', 'packs refreshed']);
    assert.equal(busySeen[0], 'installing');
    assert.equal(m.busy('newpack'), undefined);
    assert.deepEqual(m.available, []);
    assert.equal(m.needsTrust('newpack'), true);
    assert.equal(await m.trust('newpack'), true);
    assert.equal(m.needsTrust('newpack'), false);
  });

  test('a failed install is kept as the reason beside the pack, and nothing is refreshed as changed', async () => {
    const log: string[] = [];
    const m = new PackSourcesModel(fakeApi({ sources: [], available: [offer('bad', 'no')] }, log, 'refused bad: its content hash does not match'), () => void log.push('packs refreshed'));
    await m.refresh();
    assert.equal(await m.install('bad'), false);
    assert.match(m.failure('bad') ?? '', /content hash does not match/);
    assert.deepEqual(log, ['install bad']);
    assert.deepEqual(m.available.map(a => a.name), ['bad'], 'still offered');
  });

  test('a server that cannot be reached is an error, not a crash', async () => {
    const m = new PackSourcesModel({ ...fakeApi({ sources: [], available: [] }, []), sources: async () => Promise.reject(new Error('unreachable')) });
    await m.refresh();
    assert.equal(m.error, 'unreachable');
  });

  test('origin lines and the trust confirmation say where the pack comes from and what will run', () => {
    assert.equal(originLine(added), 'added from file:///srv/tiny.git at v1');
    assert.equal(originLine({ ...added, installed: { ...added.installed!, ref: undefined, path: 'kernels/tiny' } }), `added from file:///srv/tiny.git/kernels/tiny at ${'c'.repeat(12)}`);
    assert.equal(originLine({ ...added, installed: { ...added.installed!, ref: 'f'.repeat(40) } }), `added from file:///srv/tiny.git at ${'f'.repeat(12)}`);
    assert.equal(originLine(bundled), '');
    assert.equal(originLine({ ...bundled, origin: 'notebook', dir: '/nb/packs/x' }), 'from the notebook folder: /nb/packs/x');
    const t = trustDialogText('tiny', added);
    assert.equal(t.title, 'Trust the pack "tiny"?');
    assert.match(t.body[0]!, /comes from file:\/\/\/srv\/tiny\.git\. Its build steps .* will run on this machine/);
    assert.match(t.body[2]!, /if the pack changes, bootbook asks again\. Its content hash begins d{16}\.$/);
    assert.match(trustDialogText('tiny', { ...added, trust: 'changed' }).body[1]!, /changed since you last trusted it/);
    assert.equal(availableNote(offer('k', 'other')), 'a different pack of this name is installed');
    assert.equal(availableNote(offer('k', 'no')), 'from /srv/index.json');
  });
});
