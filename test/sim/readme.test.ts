/** README.md's Replay section embeds the column tables generated from the declared columns. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { requestColumnsMarkdown, windowColumnsMarkdown } from '../../src/report/replayColumnsMarkdown.js';

const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');

describe('README.md, Replay section', () => {
  it('lists the simulate command and the replay section', () => {
    expect(readme).toContain('| `llmcap simulate ');
    expect(readme).toContain('## Replay');
  });

  it('embeds the current requests.arrow and windows.csv columns', () => {
    expect(readme).toContain(requestColumnsMarkdown());
    expect(readme).toContain(windowColumnsMarkdown());
  });
});
