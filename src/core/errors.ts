// Local errors carry a string code and a cause; the CLI maps them to exit codes in one place.

export class WardenError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'WardenError';
  }
}

/** Bad input from the user (flags, files): exit status 1 with the message. */
export class UsageError extends WardenError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('USAGE', message, options);
    this.name = 'UsageError';
  }
}
