/**
 * The largest amount any request may name, in fen (10 billion yuan): far above any order, far below 2^53, so a
 * bigger number is refused as a 400 that names the field instead of reaching PostgreSQL.
 */
export const MAX_AMOUNT_FEN = 1_000_000_000_000;

/** The deepest page a list may be asked for (`offset`). */
export const MAX_OFFSET = 1_000_000;
