/**
 * The on-disk format version of a Twin data folder. Bump it when the layout or the row schema changes,
 * and add a migration from the previous version in migrations.ts.
 */
export const CURRENT_SCHEMA_VERSION = 1;
