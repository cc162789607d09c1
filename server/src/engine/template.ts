// ${name} substitution for pack recipes. An unknown name is an error naming the
// pack field, so a typo in pack.json is found at the first build, not as a
// mysterious compiler failure.

import { BootbookError } from './errors.js';

export type Vars = Readonly<Record<string, string>>;

export function expand(text: string, vars: Vars, where: string): string {
  return text.replace(/\$\{([A-Za-z0-9_.]+)\}/g, (_, name: string) => {
    const value = vars[name];
    if (value === undefined) {
      const known = Object.keys(vars).sort().join(', ');
      throw new BootbookError('invalid-pack', `${where}: unknown variable \${${name}} (known: ${known})`);
    }
    return value;
  });
}

export function expandAll(argv: readonly string[], vars: Vars, where: string): string[] {
  return argv.map((a) => expand(a, vars, where));
}
