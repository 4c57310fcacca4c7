/** docs/outputs.md embeds the column tables generated from the declared columns of requests.arrow and windows.csv. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { requestColumnsMarkdown, windowColumnsMarkdown } from '../../src/report/replayColumnsMarkdown.js';

const outputs = readFileSync(fileURLToPath(new URL('../../docs/outputs.md', import.meta.url)), 'utf8');
const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');

describe('docs/outputs.md, replay outputs', () => {
  it('lists the simulate command in README.md and has the replay outputs section', () => {
    expect(readme).toContain('| `llmcap simulate ');
    expect(outputs).toContain('## Replay outputs');
  });

  it('embeds the current requests.arrow and windows.csv columns', () => {
    expect(outputs).toContain(requestColumnsMarkdown());
    expect(outputs).toContain(windowColumnsMarkdown());
  });
});
