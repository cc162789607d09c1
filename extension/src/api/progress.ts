// The kernel's progress line (server/src/kernel/progress.ts): one display updated in
// place while a cell prepares, builds and boots. Read from its JSON representation,
// or from the text line of kernels that send only text/plain. DOM-free.
import { PROGRESS_MIME } from './types.js';

export type ProgressStage = 'starting' | 'preparing' | 'building' | 'booting';

export interface Progress {
  /** "kite (x86_64)". */
  label: string;
  stage: ProgressStage;
  detail?: string;
  elapsedS: number;
  /** The run has ended: nothing is left to show. */
  done: boolean;
  /** A sweep's counts: runs finished, in all, failed, and the estimated seconds left. */
  runs?: { done: number; total: number; failed: number; etaS: number | null };
}

/** The steps of the bar, in order. */
export const PROGRESS_STEPS: readonly ProgressStage[] = ['preparing', 'building', 'booting'];

const STAGES = new Set<string>(['starting', 'preparing', 'building', 'booting']);
const LINE = /^(.+?) · (starting|preparing|building|booting)\b(.*) · (\d+(?:\.\d+)?) s$/;

export function parseProgress(data: Record<string, unknown> | undefined): Progress | undefined {
  if (!data) return undefined;
  const json = data[PROGRESS_MIME] as Partial<Progress> | undefined;
  if (json && typeof json === 'object' && typeof json.stage === 'string' && STAGES.has(json.stage)) {
    return {
      label: String(json.label ?? ''),
      stage: json.stage,
      ...(json.detail ? { detail: String(json.detail) } : {}),
      elapsedS: Number(json.elapsedS ?? 0),
      done: json.done === true,
      ...(json.runs && typeof json.runs === 'object' ? { runs: readRuns(json.runs) } : {})
    };
  }
  const text = data['text/plain'];
  if (typeof text !== 'string') return undefined;
  const m = LINE.exec(text.trim());
  if (!m) return undefined;
  // "booting (1 run)" -> detail "1 run"; "preparing pack linux once..." -> the whole detail.
  let detail = m[3]!.trim();
  if (detail.startsWith('(') && detail.endsWith(')')) detail = detail.slice(1, -1);
  else if (detail) detail = `${m[2]}${m[3]}`;
  return { label: m[1]!, stage: m[2] as ProgressStage, ...(detail ? { detail } : {}), elapsedS: Number(m[4]), done: false };
}

function readRuns(r: Partial<NonNullable<Progress['runs']>>): NonNullable<Progress['runs']> {
  return { done: Number(r.done ?? 0), total: Number(r.total ?? 0), failed: Number(r.failed ?? 0), etaS: r.etaS === null || r.etaS === undefined ? null : Number(r.etaS) };
}

/**
 * Where the bar stands: the index of the current step (0..2) and a fraction of the
 * whole for the bar's fill; a sweep fills by runs finished.
 */
export function progressPosition(p: Progress): { step: number; fraction: number } {
  const step = Math.max(0, PROGRESS_STEPS.indexOf(p.stage === 'starting' ? 'preparing' : p.stage));
  if (p.done) return { step, fraction: 1 };
  if (p.runs && p.runs.total > 0) return { step, fraction: p.runs.done / p.runs.total };
  return { step, fraction: (step + 0.5) / PROGRESS_STEPS.length };
}

/** "12/40 runs, 1 failed, ~20 s left" for a sweep; undefined for a single run. */
export function runsText(p: Progress): string | undefined {
  if (!p.runs) return undefined;
  const parts = [`${p.runs.done}/${p.runs.total} runs`];
  if (p.runs.failed) parts.push(`${p.runs.failed} failed`);
  if (p.runs.etaS !== null && p.runs.done < p.runs.total) parts.push(`~${Math.max(1, Math.round(p.runs.etaS))} s left`);
  return parts.join(', ');
}
