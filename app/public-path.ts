// The first module of the bundle: chunks, fonts and images load from the page config's
// fullStaticUrl, so the same build serves under any base URL. It must run before any other
// module asks webpack for a chunk, hence its own entry module (see webpack.config.cjs).
import { PageConfig, URLExt } from '@jupyterlab/coreutils';

declare let __webpack_public_path__: string;

__webpack_public_path__ = URLExt.join(PageConfig.getOption('fullStaticUrl'), '/');
