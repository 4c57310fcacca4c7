/** A grid value as a grid writes it, for messages, labels and text columns: 4.76, H100-80GB, [A100-80GB,H100-80GB]. */
export function show(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value)?.replace(/"/g, '') ?? String(value);
}
