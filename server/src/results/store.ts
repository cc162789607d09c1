// The results store: embedded SQLite (better-sqlite3) at <root>/.bootbook/results.sqlite.
// A sweep row is written before its first run, each finished run is one row
// holding its full record (inserted in a transaction of its own, so a killed
// process leaves only whole runs), and the sweep is marked done at the end. A
// sweep that did not reach "done" (killed, interrupted) is resumed by the next
// attempt with the same key (same program, same points, same settings): its
// finished runs are not run again. A sweep that finished is not resumed: running
// the cell again measures again, as a user expects.
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RunRecord } from '../engine/record.js';

export const STORE_DIR = '.bootbook';
export const STORE_FILE = 'results.sqlite';

export function storePath(root: string): string {
  return join(root, STORE_DIR, STORE_FILE);
}

export type SweepState = 'running' | 'done' | 'cancelled';

export interface SweepRow {
  id: string;
  key: string;
  label: string;
  state: SweepState;
  total: number;
  createdAt: string;
  finishedAt: string | null;
  /** What the sweep ran: axes, repeat, clock, the program. */
  spec: Record<string, unknown>;
}

export interface StoredRun {
  pointKey: string;
  pointIndex: number;
  repeat: number;
  coords: Record<string, string | null>;
  record: RunRecord;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sweeps (
  id TEXT PRIMARY KEY, key TEXT NOT NULL, label TEXT NOT NULL, state TEXT NOT NULL,
  total INTEGER NOT NULL, created_at TEXT NOT NULL, finished_at TEXT, spec TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS sweeps_key ON sweeps(key, state);
CREATE TABLE IF NOT EXISTS provenance (
  hash TEXT PRIMARY KEY, pack TEXT NOT NULL, pack_version TEXT NOT NULL, pack_hash TEXT NOT NULL, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
  id TEXT PRIMARY KEY, sweep_id TEXT NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
  point_key TEXT NOT NULL, point_index INTEGER NOT NULL, repeat INTEGER NOT NULL, coords TEXT NOT NULL,
  status TEXT NOT NULL, provenance TEXT REFERENCES provenance(hash), record TEXT NOT NULL, created_at TEXT NOT NULL,
  UNIQUE (sweep_id, point_key, repeat));
`;

export class ResultsStore {
  readonly db: Database.Database;

  constructor(readonly path: string) {
    mkdirSync(join(path, '..'), { recursive: true });
    this.db = new Database(path);
    // WAL: a reader (bootbook results) never waits for a sweep that is writing.
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
  }

  static open(root: string): ResultsStore {
    return new ResultsStore(storePath(root));
  }

  close(): void {
    this.db.close();
  }

  /** The unfinished sweep with this key, if an earlier attempt was cut short. */
  resumable(key: string): SweepRow | undefined {
    const row = this.db.prepare(`SELECT * FROM sweeps WHERE key = ? AND state != 'done' ORDER BY created_at DESC LIMIT 1`).get(key) as Record<string, unknown> | undefined;
    return row ? toSweep(row) : undefined;
  }

  createSweep(key: string, label: string, total: number, spec: Record<string, unknown>): SweepRow {
    const row: SweepRow = { id: randomUUID().slice(0, 8), key, label, state: 'running', total, createdAt: new Date().toISOString(), finishedAt: null, spec };
    this.db.prepare(`INSERT INTO sweeps (id, key, label, state, total, created_at, spec) VALUES (?, ?, ?, ?, ?, ?, ?)`).run(row.id, key, label, row.state, total, row.createdAt, JSON.stringify(spec));
    return row;
  }

  /** Mark a resumed sweep running again. */
  reopen(id: string): void {
    this.db.prepare(`UPDATE sweeps SET state = 'running', finished_at = NULL WHERE id = ?`).run(id);
  }

  /** One finished run, with its provenance, in one transaction. */
  addRun(sweepId: string, run: StoredRun): void {
    const p = run.record.provenance;
    const provJson = JSON.stringify({ ...p, createdAt: undefined });
    const provHash = `${run.record.target.pack}:${hashText(provJson)}`;
    this.db.transaction(() => {
      this.db.prepare(`INSERT OR IGNORE INTO provenance (hash, pack, pack_version, pack_hash, json) VALUES (?, ?, ?, ?, ?)`).run(provHash, run.record.target.pack, p.packVersion, p.packHash, provJson);
      this.db
        .prepare(`INSERT OR REPLACE INTO runs (id, sweep_id, point_key, point_index, repeat, coords, status, provenance, record, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(run.record.id, sweepId, run.pointKey, run.pointIndex, run.repeat, JSON.stringify(run.coords), run.record.status, provHash, JSON.stringify(run.record), new Date().toISOString());
    })();
  }

  finishSweep(id: string, state: SweepState): void {
    this.db.prepare(`UPDATE sweeps SET state = ?, finished_at = ? WHERE id = ?`).run(state, new Date().toISOString(), id);
  }

  sweeps(): (SweepRow & { runs: number; failed: number })[] {
    const rows = this.db
      .prepare(`SELECT s.*, COUNT(r.id) AS runs, SUM(CASE WHEN r.status != 'ok' THEN 1 ELSE 0 END) AS failed FROM sweeps s LEFT JOIN runs r ON r.sweep_id = s.id GROUP BY s.id ORDER BY s.created_at`)
      .all() as Record<string, unknown>[];
    return rows.map((r) => ({ ...toSweep(r), runs: Number(r.runs), failed: Number(r.failed ?? 0) }));
  }

  /** A sweep by id, or by a unique prefix of it. */
  sweep(idOrPrefix: string): SweepRow | undefined {
    const rows = this.db.prepare(`SELECT * FROM sweeps WHERE id LIKE ? || '%'`).all(idOrPrefix) as Record<string, unknown>[];
    return rows.length === 1 ? toSweep(rows[0]!) : undefined;
  }

  runs(sweepId: string): StoredRun[] {
    const rows = this.db.prepare(`SELECT * FROM runs WHERE sweep_id = ? ORDER BY point_index, repeat`).all(sweepId) as Record<string, unknown>[];
    return rows.map((r) => ({ pointKey: String(r.point_key), pointIndex: Number(r.point_index), repeat: Number(r.repeat), coords: JSON.parse(String(r.coords)), record: JSON.parse(String(r.record)) as RunRecord }));
  }
}

function toSweep(r: Record<string, unknown>): SweepRow {
  return {
    id: String(r.id),
    key: String(r.key),
    label: String(r.label),
    state: r.state as SweepState,
    total: Number(r.total),
    createdAt: String(r.created_at),
    finishedAt: r.finished_at === null ? null : String(r.finished_at),
    spec: JSON.parse(String(r.spec)) as Record<string, unknown>,
  };
}

function hashText(text: string): string {
  // FNV-1a is enough to deduplicate provenance rows; the row keeps the full JSON.
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}
