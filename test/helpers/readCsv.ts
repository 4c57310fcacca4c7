/** Parse the plain CSV llmcap writes (no quoted fields in plans) into records of strings. */
export function readCsv(text: string): Record<string, string>[] {
  const [header, ...lines] = text.trimEnd().split('\n');
  const cols = (header ?? '').split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [cols[i] ?? `c${i}`, v])));
}
