// Errors of the fleet store: what the server turns into 404, 409 and 400 answers.
import { WardenError } from '../../core/errors.js';

export type FleetErrorCode = 'NOT_FOUND' | 'CONFLICT' | 'INVALID';

export class FleetError extends WardenError {
  constructor(code: FleetErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'FleetError';
  }
}

export const notFound = (what: string): FleetError => new FleetError('NOT_FOUND', `no such ${what}`);

/** A unique constraint broken, in either dialect's words. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | null;
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
