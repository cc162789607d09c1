// Everything bootbook starts or creates that must not outlive it: QEMU process
// groups and temporary folders. The CLI (and later the server) calls
// cleanupAll() on SIGINT/SIGTERM so Ctrl-C leaves nothing behind.
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

const processes = new Set<ChildProcess>();
const tempDirs = new Set<string>();

export function trackProcess(child: ChildProcess): () => void {
  processes.add(child);
  const forget = () => processes.delete(child);
  child.once('exit', forget);
  return forget;
}

/** Kill a child and everything it started (children are spawned as group leaders). */
export function killTree(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

export function trackTempDir(dir: string): () => void {
  tempDirs.add(dir);
  return () => tempDirs.delete(dir);
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

export function liveProcessCount(): number {
  return processes.size;
}

export function cleanupAll(): void {
  for (const child of processes) killTree(child);
  processes.clear();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

let installed = false;
/** Install SIGINT/SIGTERM handlers that clean up and exit (130/143), once. */
export function installSignalCleanup(onSignal?: (signal: NodeJS.Signals) => void): void {
  if (installed) return;
  installed = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      onSignal?.(signal);
      cleanupAll();
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
}
