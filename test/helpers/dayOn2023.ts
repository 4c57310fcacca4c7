/**
 * scenarios/day.yaml's text on the 2023 stack it ran before issue 24 (vllm-2023,
 * BF16, pools by input bin): for tests of mechanics (solver limits, replay outputs) or of the vllm-2023
 * capacity model whose timing or documented behaviour was measured there. Says so if the file's stack
 * lines change, rather than test another stack.
 */
const MODERN_LINES = ['  stack: trtllm-2024\n', '  precisions: [fp8]\n', 'planning:\n  pools: by-service-and-input-bin\n'];

function on2023(text: string, file: string): string {
  for (const line of MODERN_LINES) if (!text.includes(line)) throw new Error(`${file} no longer has ${JSON.stringify(line)}: update test/helpers/dayOn2023.ts`);
  return MODERN_LINES.reduce((t, line) => t.replace(line, ''), text);
}

export function dayOn2023(text: string): string {
  return on2023(text, 'day.yaml');
}
