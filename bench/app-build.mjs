// The front end's production build: wall time, peak memory and JavaScript size,
// measured with GNU time on a cold webpack cache. Goals (issue 5): under 4 minutes,
// under 2.5 GB peak, total JS under 12 MB. A build has no bare reference to run
// beside it; the figures are absolute, so run it on a quiet machine.
//
//   node bench/app-build.mjs
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const cache = join(root, 'node_modules', '.cache', 'bootbook-app');
rmSync(cache, { recursive: true, force: true });
const r = spawnSync('/usr/bin/time', ['-v', 'npm', 'run', '--silent', 'build:app'], { cwd: root, encoding: 'utf8' });
if (r.status !== 0) {
  process.stderr.write(r.stderr);
  process.exit(1);
}
const wall = /Elapsed \(wall clock\) time.*: (.+)/.exec(r.stderr)?.[1];
const peakKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1] ?? 0);
let js = 0;
let files = 0;
const walk = (dir) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith('.js')) {
      js += statSync(p).size;
      files++;
    }
  }
};
walk(join(root, 'app', 'build'));
console.log(`app production build (cold cache): ${wall} wall (goal < 4:00), peak ${(peakKb / 1024 / 1024).toFixed(2)} GB of one process (goal < 2.5 GB), JS ${(js / 1e6).toFixed(2)} MB in ${files} files (goal < 12 MB)`);
