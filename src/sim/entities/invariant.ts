/** Sim invariants fail loudly, with the simulated time, the instance and the request involved. */
import { InternalError } from '../../core/errors.js';

export class SimInvariantError extends InternalError {
  constructor(message: string, where: { readonly timeS: number; readonly instance?: number; readonly request?: number }) {
    const parts = [`t=${where.timeS} s`];
    if (where.instance !== undefined) parts.push(`instance ${where.instance}`);
    if (where.request !== undefined) parts.push(`request ${where.request}`);
    super(`replay invariant violated: ${message} (${parts.join(', ')})`);
    this.name = 'SimInvariantError';
  }
}
