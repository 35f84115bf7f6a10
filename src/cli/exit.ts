// Exit statuses, decided in one place (see DESIGN.md contracts).
import type { Outcome } from '../core/decision.js';

export const EXIT = { ok: 0, usage: 1, blocked: 2, ask: 3 } as const;

/** Thrown by commands to end with a status after printing; caught in main. */
export class ExitError extends Error {
  constructor(readonly status: number, message = '') {
    super(message);
    this.name = 'ExitError';
  }
}

export function exitForOutcome(outcome: Outcome): number {
  if (outcome === 'blocked') return EXIT.blocked;
  if (outcome === 'held') return EXIT.ask;
  return EXIT.ok;
}
