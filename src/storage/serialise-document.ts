/** JSON text of a document; throws for values JSON cannot represent (`undefined`, a function: a bug in the caller). */
export function serialiseDocument(key: string, value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError(`State value for "${key}" is not JSON-serialisable`);
  return json;
}
