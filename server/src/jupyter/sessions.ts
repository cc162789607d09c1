// Sessions (no HTTP): which kernel a document uses, as jupyter_server's
// SessionManager keeps them, in memory. A session whose kernel is gone (shut down
// through /api/kernels) is dropped when next seen, as jupyter_server culls them.
import { randomUUID } from 'node:crypto';
import type { Session } from '@jupyterlab/services';
import { badRequest, notFound } from './errors.js';
import type { KernelManagerLike, KernelModel } from './kernels/types.js';

/** The wire model (@jupyterlab/services' Session.IModel) with our kernel model. */
export type SessionModel = Omit<Session.IModel, 'kernel'> & { kernel: KernelModel };

export interface KernelChoice {
  id?: string;
  name?: string;
}

export interface NewSession {
  path: string;
  type: string;
  name?: string;
  kernel?: KernelChoice | null;
}

export interface SessionChanges {
  path?: string;
  name?: string;
  type?: string;
  kernel?: KernelChoice | null;
}

interface Row {
  id: string;
  path: string;
  name: string;
  type: string;
  kernelId: string;
}

export class Sessions {
  private readonly rows = new Map<string, Row>();

  constructor(private readonly kernels: KernelManagerLike) {}

  private model(row: Row): SessionModel | undefined {
    const kernel = this.kernels.get(row.kernelId);
    if (!kernel) {
      this.rows.delete(row.id);
      return undefined;
    }
    return { id: row.id, path: row.path, name: row.name, type: row.type, kernel };
  }

  list(): SessionModel[] {
    return [...this.rows.values()].map((r) => this.model(r)).filter((m): m is SessionModel => m !== undefined);
  }

  get(id: string): SessionModel {
    const row = this.rows.get(id);
    const model = row && this.model(row);
    if (!model) throw notFound(`Session not found: session_id=${JSON.stringify(id)}`);
    return model;
  }

  /** Reuse a running kernel by id, else start one by kernelspec name (the default spec when none is given). */
  private kernelFor(choice: KernelChoice | null | undefined, path: string): KernelModel {
    if (choice?.id !== undefined) {
      const k = this.kernels.get(choice.id);
      if (!k) throw notFound(`Kernel does not exist: ${choice.id}`);
      return k;
    }
    return this.kernels.start(choice?.name ?? this.kernels.specs().default, { path });
  }

  /**
   * An existing session for the same path is returned as is (jupyter_server does
   * this); `created` says which. Nothing awaits between the lookup and the insert
   * (starting a kernel is synchronous), so two racing requests for one document
   * cannot both create a session and a kernel.
   */
  async create(req: NewSession): Promise<{ model: SessionModel; created: boolean }> {
    const existing = this.list().find((s) => s.path === req.path);
    if (existing) return { model: existing, created: false };
    const kernel = this.kernelFor(req.kernel, req.path);
    const row: Row = { id: randomUUID(), path: req.path, name: req.name ?? '', type: req.type, kernelId: kernel.id };
    this.rows.set(row.id, row);
    return { model: this.get(row.id), created: true };
  }

  /** Change path/name/type, or the kernel: a new kernel replaces the old one, which is shut down unless another session uses it. */
  async update(id: string, changes: SessionChanges): Promise<SessionModel> {
    const before = this.get(id);
    const row = this.rows.get(id)!;
    let kernelId = row.kernelId;
    if (changes.kernel) {
      if (changes.kernel.id !== undefined) {
        // jupyter_server answers 400 here (the kernel is a field of the body, not the resource).
        if (!this.kernels.get(changes.kernel.id)) throw badRequest(`No such kernel: ${changes.kernel.id}`);
        kernelId = changes.kernel.id;
      } else if (changes.kernel.name !== undefined) {
        kernelId = this.kernels.start(changes.kernel.name, { path: changes.path ?? row.path }).id;
      }
    }
    Object.assign(row, {
      path: changes.path ?? row.path,
      name: changes.name ?? row.name,
      type: changes.type ?? row.type,
      kernelId,
    });
    if (kernelId !== before.kernel.id) await this.releaseKernel(before.kernel.id);
    return this.get(id);
  }

  async delete(id: string): Promise<void> {
    const model = this.get(id);
    this.rows.delete(id);
    await this.releaseKernel(model.kernel.id);
  }

  /**
   * jupyter_server shuts a session's kernel down unconditionally; we keep it
   * while another session still uses it (JupyterLab lets two documents share a
   * kernel, and closing one must not kill the other's).
   */
  private async releaseKernel(kernelId: string): Promise<void> {
    const stillUsed = [...this.rows.values()].some((r) => r.kernelId === kernelId);
    if (!stillUsed && this.kernels.get(kernelId)) await this.kernels.shutdown(kernelId);
  }
}
