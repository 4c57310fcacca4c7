/** "1 value", "168 windows", "1,000 request classes": a count, grouped by thousands, with its noun in the right number. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
