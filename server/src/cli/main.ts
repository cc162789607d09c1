// The `bootbook` command: parse, validate, call the engine, print. Thin on purpose.
import { Command, CommanderError, Option } from 'commander';
import { cleanupAll, installSignalCleanup } from '../engine/cleanup.js';
import { isBootbookError } from '../engine/errors.js';
import { bootbookVersion } from '../engine/version.js';
import { demoCommand } from './demo.js';
import { doctorCommand } from './doctor.js';
import { packsInfoCommand, packsListCommand, packsTestCommand } from './packs.js';
import { registerPackSourceCommands } from './packs-sources.js';
import { runCommand } from './run.js';
import { setupCommand } from './setup.js';

const collect = (value: string, previous: string[]) => [...previous, value];

export function buildProgram(): Command {
  const program = new Command('bootbook')
    .description('Compile C programs against kernel frameworks, boot them in QEMU, and measure.')
    .version(bootbookVersion())
    .showHelpAfterError('(run with --help for usage)')
    // Usage errors are bad input: exit 2 like every other bad input (subcommands inherit this).
    .exitOverride();

  program
    .command('run')
    .description('build FILE.c for a target, boot it, and print its metrics')
    .argument('<file>', 'C source file (use - for standard input)')
    .requiredOption('-t, --target <pack>', 'kernel pack (see `bootbook packs list`)')
    .option('-a, --arch <arch>', 'architecture (default: the pack\'s first)')
    .option('-o, --opt <k=v>', 'target option, repeatable', collect, [])
    .option('-p, --param <k=v>', 'parameter read by bb_param(), repeatable', collect, [])
    .option('-r, --repeat <n>', 'boot the image n times', '1')
    .addOption(new Option('--clock <clock>', 'real, or icount for exact instruction counts').choices(['real', 'icount']).default('real'))
    .addOption(new Option('--accel <accel>', 'accelerator; auto measures which is faster here').choices(['auto', 'tcg', 'kvm']).default('auto'))
    .option('--timeout <s>', 'seconds per run', '30')
    .addOption(new Option('--runner <runner>', 'where runs boot (default: ~/.config/bootbook/runner.json, else qemu)').choices(['qemu', 'slurm']))
    .option('--slurm <k=v>', 'slurm runner option (partition=, reservation=, account=, qos=, time=, exclusive, limit=, retries=, staging=), repeatable', collect, [])
    .option('--max-console <bytes>', 'console bytes kept per run', String(1 << 20))
    .option('--json', 'print one run record per line (JSON)')
    .option('-q, --quiet', 'do not print the guest console')
    .option('-s, --sweep <k=v1,v2>', 'sweep axis (parameter, target, arch or option), repeatable; the runs are the product of the axes', collect, [])
    .option('--skip-missing', 'in a sweep, run a target without an axis it lacks instead of refusing')
    .option('--no-store', 'do not keep sweep results in ./.bootbook/results.sqlite')
    .option('--chart <file>', 'write the sweep chart: .png, .svg, or .json (the Vega-Lite spec)')
    .option('--overlay <pack:path=file>', "use FILE's text as PATH of PACK for this command (as a notebook's %%file cell), repeatable", collect, [])
    .action(runCommand);

  const packs = program.command('packs').description('kernel packs: list, show, test, create, add from git or an index, trust');
  packs.command('list').description('list the packs and any that failed to load').option('--json', 'JSON output').action(packsListCommand);
  packs.command('info').description('show a pack: architectures, interfaces, options, tools').argument('<name>').option('--json', 'JSON output').action(packsInfoCommand);
  packs
    .command('test')
    .description("run the conformance suite (kernels/conformance/) and the pack's own tests/ on each of its architectures; print a report card")
    .argument('<name>')
    .option('-a, --arch <arch>', 'only this architecture')
    .option('--only <test>', 'only this test, repeatable', collect, [])
    .option('--conformance-only', 'only the conformance suite')
    .option('--own-only', "only the pack's own tests/")
    .option('--json', 'one result per line (JSON)')
    .action(packsTestCommand);
  packs
    .command('new')
    .description('scaffold a working pack from the bare pack: pack.json, build recipe, runtime, tests, examples, README')
    .argument('<name>', 'the new pack\'s name: a-z, 0-9 and -, starting with a letter')
    .option('--arch <list>', 'architectures, comma-separated (x86_64, riscv64, aarch64; default: all three)')
    .option('--dir <dir>', 'the folder to create the pack in, as DIR/NAME (default: the current folder)')
    .action(async (name, flags) => (await import('./packs-new.js')).packsNewCommand(name, flags));
  registerPackSourceCommands(packs);

  program.command('doctor').description('check the host tools every pack needs and how to install the missing ones').option('--json', 'JSON output').action(doctorCommand);
  const slurm = program.command('slurm').description('the Slurm cluster the slurm runner submits to');
  slurm.command('reservations').description('the reservations Slurm shows (scontrol show reservation)').option('--json', 'JSON output').action(async (f) => (await import('./slurm.js')).slurmReservationsCommand(f));
  program
    .command('setup')
    .description('install missing Debian packages (as root) and prepare the bundled packs')
    .option('--no-install', 'only report what is missing')
    .option('--no-prepare', 'do not prepare packs')
    .action(setupCommand);
  program
    .command('lab')
    .description('start the notebook server and print its URL')
    .option('--root <dir>', 'folder of notebooks to serve (default: the bundled notebooks/)')
    .option('--port <n>', 'port to listen on (0: any free port)', '8888')
    .option('--ip <addr>', 'address to listen on', '127.0.0.1')
    .option('--token <token>', 'access token (default: $BOOTBOOK_TOKEN, else a random one)')
    .option('--no-browser', 'do not open a browser (bootbook never opens one by itself)')
    .addOption(new Option('--extension <copy>', 'the bootbook JupyterLab extension: bundled in the app, or prebuilt (extension/labextension, loaded as a federated extension)').choices(['bundled', 'prebuilt']).default('bundled'))
    .option('--labextensions <dir>', 'also load the prebuilt JupyterLab extensions of a labextensions folder (or one extension\'s folder), repeatable', collect, [])
    // Loaded on use: `bootbook run` should not pay for the server's modules.
    .action(async (flags) => (await import('./lab.js')).labCommand(flags));
  program
    .command('execute')
    .description('run every code cell of a notebook in order and save the outputs')
    .argument('<notebook>', '.ipynb file')
    .option('-o, --output <file>', 'write here instead of in place')
    .option('-p, --param <k=v>', 'parameter for every cell (overrides %param), repeatable', collect, [])
    .option('--check', 'compare with the results saved in the notebook (icount exactly, real time within intervals); exit 1 on a disagreement')
    .action(async (file, flags) => (await import('./execute.js')).executeCommand(file, flags));
  const results = program.command('results').description('sweep results kept in .bootbook/results.sqlite');
  const rootOpt = () => new Option('--root <dir>', 'folder holding .bootbook/ (default: the working folder)');
  results.command('list').description('list the stored sweeps').addOption(rootOpt()).option('--json', 'JSON output').action(async (f) => (await import('./results.js')).resultsList(f));
  results.command('show').description('a sweep\'s statistics per point').argument('<id>', 'sweep id (or a unique prefix)').addOption(rootOpt()).option('--json', 'JSON output').action(async (id, f) => (await import('./results.js')).resultsShow(id, f));
  results
    .command('export')
    .description('a sweep\'s runs as CSV (one row per metric value) or JSON (full run records)')
    .argument('<id>', 'sweep id (or a unique prefix)')
    .addOption(rootOpt())
    .option('--csv', 'CSV (the default)')
    .option('--json', 'JSON: the sweep and every run record')
    .action(async (id, f) => (await import('./results.js')).resultsExport(id, f));
  program.command('demo').description('run each pack\'s first example on every bundled target').action(demoCommand);
  program
    .command('kernel')
    .description('run a Jupyter kernel for a target over ZeroMQ (what the kernelspecs of `bootbook jupyter install` start)')
    .requiredOption('-t, --target <pack>', 'kernel pack')
    .option('-a, --arch <arch>', 'architecture (default: the pack\'s first)')
    .requiredOption('-f, --connection-file <file>', 'the connection file written by the Jupyter client')
    .action(async (flags) => (await import('./jupyter.js')).kernelCommand(flags));
  const jupyter = program.command('jupyter').description('use bootbook from a standard Jupyter (JupyterLab, nbconvert, VS Code, JupyterHub)');
  const scopeOpts = (c: Command) =>
    c
      .option('--user', 'the user\'s Jupyter data dir ($JUPYTER_DATA_DIR or ~/.local/share/jupyter; the default)')
      .option('--sys-prefix', 'the data dir of the Python environment that runs `jupyter`')
      .option('--prefix <dir>', '<dir>/share/jupyter');
  scopeOpts(jupyter.command('install').description('write a kernelspec per target (and the prebuilt JupyterLab extension) where Jupyter looks')).action(async (f) =>
    (await import('./jupyter.js')).jupyterInstallCommand(f),
  );
  scopeOpts(jupyter.command('uninstall').description('remove the kernelspecs and extension `bootbook jupyter install` wrote')).action(async (f) =>
    (await import('./jupyter.js')).jupyterUninstallCommand(f),
  );
  return program;
}

export async function main(argv: string[]): Promise<number> {
  installSignalCleanup((signal) => process.stderr.write(`\nbootbook: ${signal}, stopping runs and cleaning up\n`));
  try {
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // commander already printed the message (or the help/version text).
      return e.exitCode === 0 ? 0 : 2;
    }
    if (isBootbookError(e)) {
      process.stderr.write(`bootbook: ${e.message}\n${e.hint ? `  ${e.hint}\n` : ''}`);
      return 2;
    }
    throw e;
  } finally {
    cleanupAll();
  }
}
