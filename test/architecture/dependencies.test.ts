/**
 * The module structure, checked with dependency-cruiser on src/ (type-only imports included, as the
 * compiler sees them before erasing types):
 * - no import cycles, so every folder can be read and tested from the bottom up;
 * - no command under src/cli/commands/ imports another, so each command stays a thin edge over the
 *   library (shared CLI code lives in src/cli/, shared logic in the library folders).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cruise, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import extractTsConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const COMMANDS = '^src/cli/commands/';

async function cruiseSrc(): Promise<ICruiseResult> {
  const reported = await cruise(
    ['src'],
    {
      tsPreCompilationDeps: true,
      doNotFollow: { path: 'node_modules' },
      exclude: { path: 'node_modules' },
      ruleSet: {
        forbidden: [
          { name: 'no-cycles', severity: 'error', from: {}, to: { circular: true } },
          { name: 'commands-import-no-command', severity: 'error', from: { path: COMMANDS }, to: { path: COMMANDS } },
        ],
      },
      validate: true,
    },
    { extensions: ['.ts', '.js'] },
    { tsConfig: extractTsConfig('tsconfig.json') },
  );
  return reported.output as ICruiseResult;
}

const describeViolation = (v: IViolation) => (v.cycle ? v.cycle.map((c) => c.name).join(' → ') : `${v.from} → ${v.to}`);

describe('module dependencies', () => {
  let result: ICruiseResult;
  beforeAll(async () => {
    result = await cruiseSrc();
  }, 120_000);

  it('resolves every relative import of every source file, type-only and dynamic ones included', () => {
    const files = result.modules.filter((m) => m.source.startsWith('src/'));
    expect(files.length).toBeGreaterThan(200);
    const unresolved = files.flatMap((m) => m.dependencies.filter((d) => d.module.startsWith('.') && d.couldNotResolve).map((d) => `${m.source}: ${d.module}`));
    expect(unresolved).toEqual([]);
    // The checker must see the edges a cycle or a command crossing could hide in.
    const edge = (from: string, to: string) => files.find((m) => m.source === from)?.dependencies.find((d) => d.resolved === to);
    expect(edge('src/cli/program.ts', 'src/cli/commands/plan.ts')?.dynamic).toBe(true);
    expect(edge('src/sim/engine/requestEnd.ts', 'src/sim/engine/sim.ts')?.dependencyTypes).toContain('type-only');
  });

  it('has no import cycles, type-only imports included', () => {
    const cycles = result.summary.violations.filter((v) => v.rule.name === 'no-cycles').map(describeViolation);
    expect(cycles).toEqual([]);
  });

  it('has no command importing another command', () => {
    const crossings = result.summary.violations.filter((v) => v.rule.name === 'commands-import-no-command').map(describeViolation);
    expect(crossings).toEqual([]);
  });
});
