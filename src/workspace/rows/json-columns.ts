/** JSON text columns as both workspace backends store them (TEXT holding JSON, NULL for absent). */

/** JSON text of a value, null for undefined. */
export const jsonText = (value: unknown): string | null =>
  value === undefined ? null : JSON.stringify(value);

/** The value of a JSON text column, null when it is NULL. */
export const parseJson = (text: unknown): unknown => (typeof text === 'string' ? JSON.parse(text) : null);
