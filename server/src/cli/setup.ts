// `bootbook setup`: what the README's commands call first on a fresh machine.
// Installs the Debian packages the packs need (when root; otherwise prints the
// command), then prepares every bundled pack so the first run is not the slow one.
import { existsSync } from 'node:fs';
import { execCapture } from '../engine/exec.js';
import { prepare } from '../engine/build/prepare.js';
import { installCommand, requiredTools } from '../engine/tools.js';
import { trustStatus } from '../engine/packs/trust.js';
import { packsOrWarn } from './context.js';

const CHART_FONT_FILE = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

export async function setupCommand(flags: { install: boolean; prepare: boolean }): Promise<void> {
  // An added pack the user has not trusted gets neither its packages installed nor its prepare run.
  const packs = new Map([...packsOrWarn()].filter(([name, p]) => {
    const ok = ['trusted', 'not-needed'].includes(trustStatus(p).state);
    if (!ok) process.stderr.write(`bootbook setup: skipping pack ${name}: not trusted (bootbook packs trust ${name})\n`);
    return ok;
  }));
  let missing = requiredTools(packs.values()).filter((t) => !t.path);
  if (missing.length) {
    const cmd = installCommand(missing);
    if (!flags.install || process.getuid?.() !== 0) {
      process.stderr.write(`bootbook setup: missing ${missing.map((t) => t.command).join(', ')}. Install them with:\n  sudo ${cmd}\n`);
      process.exitCode = 1;
      return;
    }
    process.stderr.write(`bootbook setup: installing ${[...new Set(missing.map((t) => t.debianPackage))].join(' ')}\n`);
    // No daemon may start during a package install (CI and containers have no init).
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    for (const argv of [['apt-get', 'update', '-q'], ['apt-get', 'install', '-y', '-q', '--no-install-recommends', ...new Set(missing.map((t) => t.debianPackage))]]) {
      const r = await execCapture(argv, { env, timeoutMs: 20 * 60_000 });
      if (r.code !== 0) {
        process.stderr.write(`bootbook setup: ${argv.join(' ')} failed:\n${r.stderr || r.stdout}\n`);
        process.exitCode = 1;
        return;
      }
    }
    missing = requiredTools(packs.values()).filter((t) => !t.path);
    if (missing.length) {
      process.stderr.write(`bootbook setup: still missing after install: ${missing.map((t) => t.command).join(', ')}\n`);
      process.exitCode = 1;
      return;
    }
  }
  // Static chart renderings (plots/render.ts) draw their text in DejaVu Sans from the system fonts.
  if (!existsSync(CHART_FONT_FILE)) {
    if (flags.install && process.getuid?.() === 0) {
      const r = await execCapture(['apt-get', 'install', '-y', '-q', '--no-install-recommends', 'fonts-dejavu-core'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, timeoutMs: 10 * 60_000 });
      if (r.code !== 0) process.stderr.write(`bootbook setup: fonts-dejavu-core did not install (charts will lack text): ${r.stderr.trim()}\n`);
    } else process.stderr.write('bootbook setup: charts need a font: sudo apt-get install fonts-dejavu-core\n');
  }
  if (flags.prepare) {
    for (const pack of packs.values()) {
      for (const arch of pack.manifest.architectures) {
        const p = await prepare(pack, arch, (m) => process.stderr.write(`bootbook setup: ${m}\n`));
        if (p.version) process.stderr.write(`bootbook setup: ${pack.manifest.name} (${arch}): ${p.version}\n`);
      }
    }
  }
  process.stderr.write('bootbook setup: ready\n');
}
