/**
 * docs/deployments.md's field table, generated from the deployment file's JSON Schema (schema.ts),
 * the same schema the file is validated against: a field the loader accepts is a row here, with the
 * schema's description, its allowed values and its default (a description's trailing
 * "(default: …)"). A sub-object met a second time (the pools of `windows[]`) points at its first rows.
 */
import { DeploymentFileSchema } from './schema.js';

interface SchemaNode {
  readonly type?: string;
  readonly description?: string;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly required?: readonly string[];
  readonly items?: SchemaNode;
  readonly anyOf?: readonly SchemaNode[];
  readonly const?: unknown;
}

interface FieldRow {
  readonly path: string;
  readonly meaning: string;
  readonly fallback: string;
}

const DEFAULT = /\s*\(default: ([^()]*(?:\([^()]*\)[^()]*)*)\)\s*$/;

function literals(node: SchemaNode): readonly string[] {
  return node.anyOf?.every((n) => n.const !== undefined) ? node.anyOf.map((n) => String(n.const)) : [];
}

function fieldRow(path: string, node: SchemaNode, required: boolean): FieldRow {
  const text = node.description ?? '';
  const fallback = DEFAULT.exec(text);
  const values = literals(node);
  // The allowed values, unless the description already names them all.
  const listed = values.length > 0 && !values.every((v) => text.includes(v)) ? `; one of ${values.map((v) => `\`${v}\``).join(', ')}` : '';
  return { path, meaning: `${text.replace(DEFAULT, '')}${listed}`, fallback: required ? 'required' : (fallback?.[1] ?? '') };
}

function walk(node: SchemaNode, prefix: string, seen: Map<string, string>): FieldRow[] {
  return Object.entries(node.properties ?? {}).flatMap(([key, child]) => {
    const required = node.required?.includes(key) ?? false;
    const isArray = child.type === 'array' && child.items?.type === 'object';
    const inner = isArray ? child.items : child.type === 'object' && child.properties ? child : undefined;
    const path = `${prefix}${key}${isArray ? '[]' : ''}`;
    const row = fieldRow(path, { ...child, description: child.description ?? inner?.description }, required);
    if (!inner) return [row];
    const shape = JSON.stringify(inner);
    const first = seen.get(shape);
    if (first) return [{ ...row, meaning: `${row.meaning ? `${row.meaning}; ` : ''}fields as \`${first}\`` }];
    seen.set(shape, path);
    return [row, ...walk(inner, `${path}.`, seen)];
  });
}

export function deploymentFieldRows(): readonly FieldRow[] {
  return walk(DeploymentFileSchema as SchemaNode, '', new Map());
}

export function deploymentFieldsMarkdown(): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return ['| field | meaning | default |', '|---|---|---|', ...deploymentFieldRows().map((r) => `| \`${r.path}\` | ${cell(r.meaning)} | ${cell(r.fallback)} |`)].join('\n');
}
