// Small in-memory stores the JupyterLab shell reads and writes: frontend config
// sections (/api/config) and workspaces (/lab/api/workspaces). Losing them at
// restart costs a layout, never a notebook, so memory is enough for now.
import { badRequest, notFound } from './errors.js';

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
// Keys that would reach Object.prototype if merged into a plain object.
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * jupyter_server's recursive_update: objects merge, `null` deletes a key, empty
 * objects left behind are removed. Targets have no prototype and unsafe keys are
 * skipped, so a body cannot pollute Object.prototype.
 */
function mergeInto(target: Obj, update: Obj): void {
  for (const [k, v] of Object.entries(update)) {
    if (UNSAFE_KEYS.has(k)) continue;
    if (v === null) {
      delete target[k];
    } else if (isObject(v)) {
      const sub = isObject(target[k]) ? (target[k] as Obj) : (Object.create(null) as Obj);
      mergeInto(sub, v);
      if (Object.keys(sub).length) target[k] = sub;
      else delete target[k];
    } else {
      target[k] = v;
    }
  }
}

export class ConfigSections {
  private readonly sections = new Map<string, Obj>();

  get(section: string): Obj {
    return this.sections.get(section) ?? {};
  }

  update(section: string, changes: Obj): Obj {
    const target = this.sections.get(section) ?? (Object.create(null) as Obj);
    mergeInto(target, changes);
    this.sections.set(section, target);
    return target;
  }

  replace(section: string, value: Obj): Obj {
    const target = Object.create(null) as Obj;
    mergeInto(target, value);
    this.sections.set(section, target);
    return target;
  }
}

export interface Workspace {
  data: Obj;
  metadata: { id: string; last_modified?: string; created?: string } & Obj;
}

export class Workspaces {
  private readonly spaces = new Map<string, Workspace>();

  list(): { ids: string[]; values: Workspace[] } {
    return { ids: [...this.spaces.keys()], values: [...this.spaces.values()] };
  }

  /** An unknown workspace is an empty one, as jupyterlab_server answers. */
  get(id: string): Workspace {
    return this.spaces.get(id) ?? { data: {}, metadata: { id } };
  }

  save(id: string, ws: Workspace): void {
    if (ws.metadata.id !== id) throw badRequest(`Workspace metadata.id "${ws.metadata.id}" does not match the workspace "${id}" in the URL.`);
    const now = new Date().toISOString();
    const created = this.spaces.get(id)?.metadata.created ?? now;
    // Stored as sent (nulls are layout data here, not deletions); nothing is merged, so nothing can pollute.
    this.spaces.set(id, { data: ws.data, metadata: { ...ws.metadata, id, created, last_modified: now } });
  }

  delete(id: string): void {
    if (!this.spaces.delete(id)) throw notFound(`Workspace ${JSON.stringify(id)} not found`);
  }
}
