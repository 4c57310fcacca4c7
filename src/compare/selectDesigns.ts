/** --designs: a YAML file of designs, or a comma-separated list of built-in design names (default: all). */
import { existsSync } from 'node:fs';
import { InputError } from '../core/errors.js';
import { suggest } from '../catalog/index.js';
import { BUILT_IN_DESIGNS, fromDesignsFile } from './fromDesignsFile.js';
import type { Design } from './types.js';

export async function selectDesigns(spec: string | undefined): Promise<Design[]> {
  if (spec && (/\.ya?ml$/i.test(spec) || existsSync(spec))) return fromDesignsFile(spec);
  const builtIn = await fromDesignsFile(BUILT_IN_DESIGNS);
  if (!spec) return builtIn;
  const names = spec.split(',').map((n) => n.trim()).filter((n) => n !== '');
  return names.map((name) => {
    const d = builtIn.find((x) => x.name.toLowerCase() === name.toLowerCase());
    if (!d) {
      const close = suggest(name, builtIn.map((x) => x.name));
      throw new InputError({ field: '--designs', message: `unknown design '${name}'`, fix: `use a YAML file or built-in names: ${builtIn.map((x) => x.name).join(', ')}${close[0] ? ` (did you mean '${close[0]}'?)` : ''}` });
    }
    return d;
  });
}
