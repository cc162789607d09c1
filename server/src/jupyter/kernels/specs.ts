// One kernelspec per target (pack x architecture), named "<pack>-<arch>", with a
// display name users recognise and C as the language so cells get C highlighting.
import type { Arch, Pack } from '../../engine/packs/types.js';
import type { KernelSpecModel } from './types.js';

export function specName(pack: string, arch: string): string {
  return `${pack}-${arch}`;
}

/**
 * "linux-x86_64" -> { pack: "linux", arch: "x86_64" } when such a target exists.
 * Also accepts the names of the kernelspecs installed for standard Jupyter
 * ("bootbook-linux-x86_64"), so notebooks saved there run here too.
 */
export function parseSpecName(packs: ReadonlyMap<string, Pack>, name: string): { pack: string; arch: Arch } | undefined {
  if (name.startsWith('bootbook-')) return parseSpecName(packs, name.slice('bootbook-'.length));
  for (const pack of packs.values()) {
    for (const arch of pack.manifest.architectures) if (specName(pack.manifest.name, arch) === name) return { pack: pack.manifest.name, arch };
  }
  return undefined;
}

export function displayName(pack: Pack, arch: string): string {
  const m = pack.manifest;
  const template = m.kernelName ?? `${m.displayName ?? m.name} \${version} · \${arch}`;
  return template.replace(/\$\{arch\}/g, arch).replace(/\$\{version\}/g, m.version);
}

export function kernelSpecs(packs: ReadonlyMap<string, Pack>): Record<string, KernelSpecModel> {
  const out: Record<string, KernelSpecModel> = {};
  for (const pack of packs.values()) {
    for (const arch of pack.manifest.architectures) {
      const name = specName(pack.manifest.name, arch);
      out[name] = {
        name,
        spec: {
          argv: ['bootbook', 'kernel', '--target', pack.manifest.name, '--arch', arch, '-f', '{connection_file}'],
          display_name: displayName(pack, arch),
          language: 'c',
          interrupt_mode: 'message',
          env: {},
          metadata: { bootbook: { pack: pack.manifest.name, arch, summary: pack.manifest.summary, interfaces: pack.manifest.interfaces } },
        },
        resources: {},
      };
    }
  }
  return out;
}
