// Command ids (`bootbook:verb-noun`): used by the plugins, the palette, and the
// menus and shortcuts declared in schema/settings.json.
export const CommandIDs = {
  openFrameworks: 'bootbook:open-frameworks',
  openPack: 'bootbook:open-pack',
  openPackSource: 'bootbook:open-pack-source',
  insertExample: 'bootbook:insert-example',
  newNotebookForTarget: 'bootbook:new-notebook-for-target',
  switchNotebookTarget: 'bootbook:switch-notebook-target',
  setCellTarget: 'bootbook:set-cell-target',
  runCellOn: 'bootbook:run-cell-on',
  openBootConsole: 'bootbook:open-boot-console',
  openCluster: 'bootbook:open-cluster'
} as const;

export const PALETTE_CATEGORY = 'bootbook';
