/** Kept in step with package.json by the release script; read by the verdict's `tool` field. */
export const VERSION = '0.1.0';
