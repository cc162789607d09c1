// Theme stylesheets (/lab/api/themes/<package>/<file>): the build copies each
// theme package's themePath folder to app/build/themes/<package>/ (index.css and
// whatever it @imports or url()s). Looked up with the static files' rules, so a
// URL cannot leave that folder.
import { join } from 'node:path';
import { fileInside } from '../routes/static.js';

export function themesDir(staticDir: string): string {
  return join(staticDir, 'themes');
}

/** The file for `<package>/<file>` (URL-encoded, as in the request), or undefined. */
export async function themeFile(staticDir: string | undefined, rest: string | undefined): Promise<string | undefined> {
  if (!staticDir || !rest) return undefined;
  return fileInside(themesDir(staticDir), rest);
}
