/** Capacity of one instance of a config for one class, by the config's role (registry keyed by Role). */
import type { Role } from '../scenario/index.js';
import { decodeCapacity } from './decodeCapacity.js';
import { mixedCapacity, type MixedOptions } from './mixedCapacity.js';
import { prefillCapacity } from './prefillCapacity.js';
import type { ProfileConfig } from './profileConfig.js';
import type { ClassCapacity } from './types.js';

const BY_ROLE: Record<Role, (args: ProfileConfig, options: MixedOptions) => ClassCapacity> = {
  mixed: (args, options) => mixedCapacity(...args, options),
  prefill: (args) => prefillCapacity(...args),
  decode: (args) => decodeCapacity(...args),
};

export function classCapacity(args: ProfileConfig, options: MixedOptions = {}): ClassCapacity {
  return BY_ROLE[args[0].role](args, options);
}
