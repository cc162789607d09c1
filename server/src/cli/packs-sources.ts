// `bootbook packs add|remove|update|search|trust|untrust|index ...`: packs from
// anywhere. Thin: parse, call engine/packs (catalog, sources, pack-index, trust), print.
import { availableWithStatus, installPack, packStatus, trustLoaded } from '../engine/packs/catalog.js';
import { defaultSearchPath, loadPacks } from '../engine/packs/load.js';
import { addIndex, configuredIndexes, matchEntries, removeIndex } from '../engine/packs/pack-index.js';
import { makeIndexEntry, removePack, updatePack } from '../engine/packs/sources.js';
import { untrustPack } from '../engine/packs/trust.js';
import { compactTable } from './format.js';

const out = (text: string): void => void process.stdout.write(text + '\n');
const short = (h?: string) => (h ? h.slice(0, 12) : '-');

export async function packsAddCommand(source: string, flags: { name?: string; ref?: string; trust?: boolean; json?: boolean }): Promise<void> {
  const r = await installPack(source, { name: flags.name, ref: flags.ref, trust: flags.trust });
  if (flags.json) return out(JSON.stringify({ ...r.record, dir: r.dir, trusted: !!flags.trust }, null, 2));
  const ref = r.record.ref && r.record.ref !== r.record.commit ? `${r.record.ref} (${short(r.record.commit)})` : short(r.record.commit);
  const at = r.record.commit ? ` at ${ref}` : '';
  out(`added ${r.record.name} from ${r.record.source}${r.record.path ? `/${r.record.path}` : ''}${at}${r.from ? ` (listed in ${r.from.index}; content hash matches)` : ''}`);
  out(`  folder:       ${r.dir}`);
  out(`  content hash: ${r.record.hash}`);
  out(
    flags.trust
      ? `  trusted: its build steps may run on this machine`
      : `  not trusted yet: its build steps run on this machine, so read its pack.json and scripts, then: bootbook packs trust ${r.record.name}`,
  );
}

export function packsRemoveCommand(name: string): void {
  const dir = removePack(name);
  untrustPack(name);
  out(`removed ${name} (${dir})`);
}

export async function packsUpdateCommand(name: string, flags: { ref?: string; json?: boolean }): Promise<void> {
  const r = await updatePack(name, { ref: flags.ref });
  if (flags.json) return out(JSON.stringify(r, null, 2));
  if (!r.changed) return out(`${name} is up to date (${r.newCommit ? `commit ${short(r.newCommit)}, ` : ''}content hash ${short(r.newHash)})`);
  out(`updated ${name}${r.oldCommit || r.newCommit ? `: ${short(r.oldCommit)}..${short(r.newCommit)}` : ''}`);
  for (const line of r.log) out(`  ${line}`);
  const f = r.files;
  out(`  files: ${f.changed.length} changed, ${f.added.length} added, ${f.removed.length} removed`);
  for (const p of f.changed) out(`    M ${p}`);
  for (const p of f.added) out(`    A ${p}`);
  for (const p of f.removed) out(`    D ${p}`);
  out(`  content hash: ${short(r.oldHash)} -> ${short(r.newHash)}`);
  out(`  the new content is not trusted yet: bootbook packs trust ${name}`);
}

export async function packsSearchCommand(term: string | undefined, flags: { json?: boolean }): Promise<void> {
  const { packs } = loadPacks();
  const { packs: entries, problems } = await availableWithStatus(packs);
  const found = matchEntries(entries, term ?? '');
  if (flags.json) return out(JSON.stringify({ packs: found, problems }, null, 2));
  for (const p of problems) process.stderr.write(`bootbook: pack index skipped: ${p.reason}\n`);
  if (!configuredIndexes().length) {
    out('no pack indexes configured; add one with: bootbook packs index add FILE-OR-URL');
    return;
  }
  if (!found.length) {
    out(`no pack matches "${term ?? ''}" in ${entries.length} listed pack(s)`);
    process.exitCode = 1;
    return;
  }
  const table = compactTable(['pack', 'version', 'architectures', 'interfaces', 'installed', 'summary']);
  for (const e of found) table.push([e.name, e.version ?? '', e.architectures.join(', '), e.interfaces.join(', '), e.installed, e.summary]);
  out(table.toString());
}

// The working folder counts as a notebook folder here: `cd project && bootbook packs trust P` trusts project/packs/P.
const packsHere = () => loadPacks(defaultSearchPath(process.cwd())).packs;

export function packsTrustCommand(name: string): void {
  const r = trustLoaded(packsHere(), name);
  out(r.needed ? `trusted ${name} (content hash ${short(r.hash)}); a change to its files asks again` : `${name} needs no trust (a bundled pack, or a folder on $BOOTBOOK_PACK_PATH)`);
}

export function packsUntrustCommand(name: string): void {
  out(untrustPack(name) ? `${name} is no longer trusted` : `${name} was not trusted`);
}

export function packsSourcesCommand(flags: { json?: boolean }): void {
  const list = [...packsHere().values()].map(packStatus);
  if (flags.json) return out(JSON.stringify({ packs: list }, null, 2));
  const table = compactTable(['pack', 'from', 'trust', 'source', 'commit']);
  for (const s of list) table.push([s.name, s.origin, s.trust, s.installed ? `${s.installed.source}${s.installed.path ? `/${s.installed.path}` : ''}` : s.dir, short(s.installed?.commit)]);
  out(table.toString());
}

export async function indexAddCommand(location: string): Promise<void> {
  const r = await addIndex(location);
  out(`added pack index ${r.location} (${r.packs} pack(s))`);
}

export function indexRemoveCommand(location: string): void {
  out(`removed pack index ${removeIndex(location)}`);
}

export function indexListCommand(flags: { json?: boolean }): void {
  const list = configuredIndexes();
  if (flags.json) return out(JSON.stringify({ indexes: list }, null, 2));
  out(list.length ? list.join('\n') : 'no pack indexes configured; add one with: bootbook packs index add FILE-OR-URL');
}

export async function indexMakeCommand(dirs: string[], flags: { source?: string }): Promise<void> {
  if (flags.source && dirs.length > 1) throw new (await import('../engine/errors.js')).BootbookError('bad-usage', '--source names one pack\'s source; give one folder with it');
  const packs = [];
  for (const d of dirs) packs.push(await makeIndexEntry(d, { source: flags.source }));
  out(JSON.stringify({ packs }, null, 2));
}

/** Register these commands under `bootbook packs` (called from main.ts). */
export function registerPackSourceCommands(packs: import('commander').Command): void {
  packs
    .command('add')
    .description('add a pack from a folder, a git repository (URL#REF) or a configured index (by name)')
    .argument('<source>', 'folder, git URL (file://, https://, /path/repo.git), optionally #tag-branch-or-commit; or a pack name from `packs search`')
    .option('--name <name>', 'which pack, when the source holds several (and a check of the name)')
    .option('--ref <ref>', 'tag, branch or commit of a git source')
    .option('--trust', 'trust it now: let its build steps run on this machine')
    .option('--json', 'JSON output')
    .action(packsAddCommand);
  packs.command('remove').description('remove an added pack').argument('<name>').action(packsRemoveCommand);
  packs
    .command('update')
    .description("fetch an added pack's source again and show what changed (commits, files, hash)")
    .argument('<name>')
    .option('--ref <ref>', 'tag, branch or commit to move to')
    .option('--json', 'JSON output')
    .action(packsUpdateCommand);
  packs.command('search').description('search the configured pack indexes (name, summary, interfaces, architectures)').argument('[term]', 'text to look for (none: list all)').option('--json', 'JSON output').action(packsSearchCommand);
  packs.command('sources').description('where each pack comes from and whether it is trusted').option('--json', 'JSON output').action(packsSourcesCommand);
  packs.command('trust').description("trust a pack's current content: its prepare and build steps may run").argument('<name>').action(packsTrustCommand);
  packs.command('untrust').description('forget the trust decision for a pack').argument('<name>').action(packsUntrustCommand);
  const index = packs.command('index').description('pack indexes: JSON lists of packs to search and add from');
  index.command('add').description('configure an index (file or URL); it is read once to check it').argument('<location>').action(indexAddCommand);
  index.command('remove').description('stop using an index').argument('<location>').action(indexRemoveCommand);
  index.command('list').description('the configured indexes').option('--json', 'JSON output').action(indexListCommand);
  index
    .command('make')
    .description('print an index listing these pack folders (with commit and content hash), to publish')
    .argument('<dirs...>', 'pack folders (committed, in a git work tree, for a git source)')
    .option('--source <url>', 'where users get it (default: the repository\'s origin remote, else its folder)')
    .action(indexMakeCommand);
}
