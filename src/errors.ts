/**
 * Errors a user or an admin can act on. Their messages name the setting or file at fault
 * and say what to do; anything that is not one of these is a bug and is logged with context.
 */
export class UserFacingError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A value in `.env` (or the environment) is missing or invalid. */
export class SettingsError extends UserFacingError {}

/** The embedding model could not be found, downloaded or loaded. */
export class ModelLoadError extends UserFacingError {}

/** An index file on disk is missing, truncated, corrupt or of another format version. */
export class IndexFormatError extends UserFacingError {}

/** The index on disk was built with another model, dimension or chunker: it needs a full reindex. */
export class IndexMismatchError extends UserFacingError {}

/** The PostgreSQL store cannot be used: the server is unreachable, refuses the login, lacks pgvector, or holds a schema this version cannot read. */
export class DatabaseError extends UserFacingError {}

/** An article that cannot be added (bad file, bad URL, too large, not text). */
export class ArticleInputError extends UserFacingError {}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
