/**
 * `npm run docs:cli`: regenerate docs/cli.md from the commander program. With `--check`, write
 * nothing and exit 1 when the committed file differs (test/docs/cliReference.test.ts checks the same).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { writeFilesAtomically } from '../src/report/writeAtomic.js';
import { cliReferenceMarkdown } from './docs/cliReference.js';

const file = fileURLToPath(new URL('../docs/cli.md', import.meta.url));
const fresh = cliReferenceMarkdown();
let committed = '';
try {
  committed = readFileSync(file, 'utf8');
} catch {
  // a missing file is simply stale
}
if (process.argv.includes('--check')) {
  if (committed !== fresh) {
    process.stderr.write('docs/cli.md is stale: run `npm run docs:cli`\n');
    process.exitCode = 1;
  } else process.stdout.write('docs/cli.md is up to date\n');
} else if (committed !== fresh) {
  await writeFilesAtomically([{ path: file, data: fresh }]);
  process.stdout.write('wrote docs/cli.md\n');
} else process.stdout.write('docs/cli.md is up to date\n');
