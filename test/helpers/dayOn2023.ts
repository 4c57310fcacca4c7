/**
 * scenarios/day.yaml's text on the 2023 stack it ran before issue 24 (vllm-2023, BF16, pools by input
 * bin): for tests of mechanics (solver limits, replay outputs) whose timing or documented behaviour was
 * measured there. Says so if day.yaml's stack lines change, rather than test another stack.
 */
export function dayOn2023(text: string): string {
  const lines = ['  stack: trtllm-2024\n', '  precisions: [fp8]\n', 'planning:\n  pools: by-service-and-input-bin\n'];
  for (const line of lines) if (!text.includes(line)) throw new Error(`day.yaml no longer has ${JSON.stringify(line)}: update test/helpers/dayOn2023.ts`);
  return lines.reduce((t, line) => t.replace(line, ''), text);
}
