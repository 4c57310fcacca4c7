/** docs/scenario.md's example is a valid scenario, and the page names every field of the format. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scenarioFromText, scenarioJsonSchema } from '../../src/scenario/index.js';

const page = readFileSync(fileURLToPath(new URL('../../docs/scenario.md', import.meta.url)), 'utf8');
const example = /```yaml\n([\s\S]*?)```/.exec(page)?.[1] ?? '';

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  additionalProperties?: SchemaNode | boolean;
}

/** Every property name of the schema, two levels deep (services[] and its sections included). */
function fieldNames(node: SchemaNode, depth: number): string[] {
  if (depth === 0) return [];
  const objects = [node, node.items, ...(node.anyOf ?? []), ...(node.items?.anyOf ?? [])].filter((n): n is SchemaNode => n !== undefined && n.properties !== undefined);
  return objects.flatMap((o) => Object.entries(o.properties ?? {}).flatMap(([name, child]) => [name, ...fieldNames(child, depth - 1)]));
}

describe('docs/scenario.md', () => {
  it('has an example that is a valid scenario', () => {
    expect(example.length).toBeGreaterThan(1000);
    const scenario = scenarioFromText(example, 'docs/scenario.md');
    expect(scenario.name).toBe('example');
    expect(scenario.horizon.windows).toHaveLength(24);
    expect(scenario.classes.map((c) => c.id)).toEqual(['chat/SS', 'chat/SL', 'chat/LS', 'chat/LL']);
    expect(scenario.hardware.roles).toEqual(['mixed', 'prefill', 'decode']);
  });

  it('names every field of the schema', () => {
    const names = [...new Set(fieldNames(scenarioJsonSchema() as SchemaNode, 3))].filter((n) => n !== '$schema');
    expect(names.length).toBeGreaterThan(50);
    expect(names.filter((n) => !page.includes(n))).toEqual([]);
  });
});
