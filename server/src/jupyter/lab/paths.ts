// Where the front end's user data lives (settings and workspaces): one folder per
// user, never inside the notebook root. $BOOTBOOK_CONFIG, else
// $XDG_CONFIG_HOME/bootbook, else ~/.config/bootbook; settings/ and workspaces/
// below it. Nothing is created until the first save.
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

export function defaultConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.BOOTBOOK_CONFIG) return env.BOOTBOOK_CONFIG;
  // The XDG spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const xdg = env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  return join(xdg, 'bootbook');
}
