// A small in-memory store the JupyterLab shell reads and writes: frontend config
// sections (/api/config). Losing them at restart costs a preference the front end
// sets again, never a notebook, so memory is enough. (Workspaces and settings are
// kept on disk: lab/workspaces.ts, lab/settings.ts.)

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
