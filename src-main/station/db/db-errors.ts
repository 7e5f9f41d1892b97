// Errors the database owner raises on purpose, so callers can tell "the desk did something the
// schema forbids" from a bug, and the UI can say something a clerk understands.

/** The file was written by a newer Returns Station. We refuse to touch it rather than guess: an
 * older build writing into a newer schema is how silent corruption starts. */
export class SchemaTooNewError extends Error {
  constructor(
    readonly file: string,
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `The station database ${file} is at schema version ${found}, but this Returns Station only knows ` +
        `versions up to ${supported}. It was last opened by a newer version of the app; install that ` +
        `version (or newer). The database was left untouched.`,
    );
    this.name = 'SchemaTooNewError';
  }
}

/** A migration threw; its transaction was rolled back, so the file is still at `from`. */
export class MigrationError extends Error {
  constructor(
    readonly version: number,
    readonly migrationName: string,
    readonly from: number,
    cause: unknown,
  ) {
    super(
      `Database migration ${version} (${migrationName}) failed; the database stays at version ${from}: ` +
        (cause instanceof Error ? cause.message : String(cause)),
      { cause },
    );
    this.name = 'MigrationError';
  }
}

/** An item with the same bytes (sha256) or the same file (rel_path) is already recorded. */
export class ItemConflictError extends Error {
  constructor(
    readonly field: 'sha256' | 'relPath',
    readonly value: string,
    readonly existingId: number | null,
  ) {
    super(
      field === 'sha256'
        ? `These photo bytes are already recorded (sha256 ${value.slice(0, 12)}…, item ${existingId ?? '?'}).`
        : `The file ${value} is already recorded (item ${existingId ?? '?'}).`,
    );
    this.name = 'ItemConflictError';
  }
}
