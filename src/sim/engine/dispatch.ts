/** What each kernel event does: the handler of its kind, and which scheduled events a later change cancelled. */
import type { Instance } from '../entities/instance.js';
import { isCapApplyStale, onCapApply, onGovernorTick, onSample } from './control.js';
import { onStepEnd, onTransferDone } from './instanceProcess.js';
import { EV, type SimEvents } from './sim.js';
import { onBoundary, onPrestage } from './windowSwitch.js';

export const SIM_EVENTS: SimEvents = {
  dispatch(sim, kind, target, now) {
    switch (kind) {
      case EV.step: onStepEnd(sim, sim.instances[target] as Instance, now); return;
      case EV.transfer: onTransferDone(sim, target, now); return;
      case EV.boundary: onBoundary(sim, target, now); return;
      case EV.prestage: onPrestage(sim, target, now); return;
      case EV.sample: onSample(sim, now); return;
      case EV.capApply: onCapApply(sim, target, now); return;
      case EV.governor: onGovernorTick(sim, now); return;
    }
  },
  isStale(sim, kind, target, stamp) {
    // A step end is stale once its instance rescheduled (version bump); a capping decision once superseded.
    if (kind === EV.step) return (sim.instances[target] as Instance).version !== stamp;
    if (kind === EV.capApply) return isCapApplyStale(sim, stamp);
    return false;
  },
};
