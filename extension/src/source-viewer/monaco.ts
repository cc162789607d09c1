// Monaco, lean (NOTES.md): the editor API and the C/C++ language only, no
// monaco-editor-webpack-plugin. Imported lazily, so it is a chunk of its own
// loaded the first time a source file opens. The editor worker (diffs, links)
// is the only worker; C needs no language worker.
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/languages/definitions/cpp/register';

self.MonacoEnvironment = {
  getWorker: () => new Worker(new URL('monaco-editor/editor/editor.worker', import.meta.url))
};

export { monaco };
