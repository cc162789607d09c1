// The one way the extension calls bootbook's server: typed JSON, the server's
// base URL and credentials from JupyterLab's connection settings, paths built
// from encoded segments (never by hand), and one error type.
import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

/** bootbook's API answered with an error (or could not be reached: status 0). */
export class BootbookApiError extends Error {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message);
    this.name = 'BootbookApiError';
  }
}

/** `['packs', 'kite', 'files', 'src/main.c']` -> `packs/kite/files/src/main.c`, each segment encoded. */
export function apiPath(...segments: string[]): string {
  return segments
    .flatMap(s => s.split('/'))
    .filter(s => s !== '')
    .map(encodeURIComponent)
    .join('/');
}

/** GET (or `init`) `<baseUrl>bootbook/api/<path>` and parse the JSON answer. */
export async function requestAPI<T>(
  path: string,
  init: RequestInit = {},
  settings: ServerConnection.ISettings = ServerConnection.makeSettings()
): Promise<T> {
  const url = URLExt.join(settings.baseUrl, 'bootbook', 'api', path);
  let response: Response;
  try {
    response = await ServerConnection.makeRequest(url, init, settings);
  } catch (e) {
    throw new BootbookApiError(0, `bootbook's server could not be reached: ${(e as Error).message}`);
  }
  const text = await response.text();
  let data: unknown = undefined;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: only possible for an error page; reported below.
  }
  if (!response.ok) {
    const message = (data as { message?: string } | undefined)?.message ?? `${response.status} ${response.statusText}`;
    throw new BootbookApiError(response.status, message);
  }
  return data as T;
}
