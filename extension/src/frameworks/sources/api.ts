// The pack-source API of bootbook's server (server/src/jupyter/routes/bootbook.ts)
// for PackSourcesModel, through the one request helper.
import { apiPath, requestAPI } from '../../api/request.js';
import type { AvailablePack, PackSourcesApi, PackSourceStatus } from './model.js';

export const packSourcesApi: PackSourcesApi = {
  sources: () => requestAPI<{ packs: PackSourceStatus[] }>(apiPath('pack-sources')),
  available: () => requestAPI<{ packs: AvailablePack[]; problems: { index: string; reason: string }[] }>(apiPath('pack-index')),
  install: name => requestAPI(apiPath('pack-sources'), { method: 'POST', body: JSON.stringify({ source: name }) }),
  trust: name => requestAPI(apiPath('packs', name, 'trust'), { method: 'POST', body: '{}' })
};
