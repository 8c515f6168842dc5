/** A mistake in how the command was called: one line on stderr, exit code 2, no stack trace. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The command was well formed but could not do its work (a file could not be written): exit code 1. */
export class FailureError extends Error {
  override readonly name = 'FailureError';
}
