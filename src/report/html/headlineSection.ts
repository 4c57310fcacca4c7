/**
 * The report's first box, for a reader with one minute: the fleet to procure, what it costs per hour
 * and per million tokens, whether the replay met the SLOs, and the power headroom. Every figure is
 * one the sections below (and summary.json) carry in full.
 */
import type { Plan } from '../../plan/index.js';
import type { Scenario } from '../../scenario/index.js';
import { isJudgedCell } from '../../sim/index.js';
import type { ReplayWindows } from '../replayWindows.js';
import { perHorizon, unitFigures } from '../unitFigures.js';
import { fmt, pct } from './formatNumber.js';
import type { KeyFigure, ReportSection } from './toReportHtml.js';

export function headlineSection(plan: Plan, scenario: Scenario, replay: ReplayWindows | undefined): ReportSection {
  const u = unitFigures(plan, scenario);
  const t = plan.totals;
  const per = perHorizon(u.horizonLabel);
  return {
    id: 'headline',
    title: 'At a glance',
    blocks: [
      {
        kind: 'figures',
        headline: true,
        items: [
          fleetFigure(plan),
          upfrontFigure(plan),
          { label: 'cost per hour', value: `${fmt(u.costPerHourUsd)} USD/h`, note: `${fmt(t.totalCostUsd)} USD ${per} (fleet ${fmt(t.fleetCostUsd)}, energy ${fmt(t.energyCostUsd)})` },
          { label: 'cost per million output tokens', value: `${fmt(u.costPerMillionOutputTokensUsd, 2)} USD`, note: `${fmt(u.costPerMillionTokensUsd, 2)} USD per million tokens in + out; ${fmt(u.energyKWhPerMillionTokens, 2)} kWh per million tokens` },
          sloFigure(replay),
          powerFigure(plan),
        ],
      },
    ],
  };
}

function fleetFigure(plan: Plan): KeyFigure {
  const bought = plan.procurement.filter((p) => p.servers > 0);
  const owned = bought.reduce((s, p) => s + p.inventoryServers, 0);
  const mix = bought.map((p) => `${fmt(p.servers)} × ${p.server}`).join(', ');
  const newServers = bought.reduce((s, p) => s + p.newServers, 0);
  return {
    label: 'fleet to procure',
    value: `${fmt(plan.totals.servers)} server${plan.totals.servers === 1 ? '' : 's'}`,
    note: `${mix || 'none'}; ${fmt(plan.totals.gpus)} GPUs; ${owned > 0 ? `${fmt(newServers)} new, ${fmt(owned)} already owned` : 'all new'}`,
  };
}

function upfrontFigure(plan: Plan): KeyFigure {
  const t = plan.totals;
  if (t.boughtServers === 0) return { label: 'upfront outlay', value: '0 USD', note: 'none bought: the fleet is rented or already owned' };
  const types = plan.procurement.filter((p) => p.costBasis === 'capex' && p.newServers > 0).map((p) => `${fmt(p.newServers)} × ${p.server}`);
  return {
    label: 'upfront outlay',
    value: `${fmt(t.upfrontUsd)} USD`,
    note: `to buy ${fmt(t.boughtServers)} server${t.boughtServers === 1 ? '' : 's'} (${types.join(', ')}); the cost per hour carries its amortized share`,
  };
}

export function sloFigure(replay: ReplayWindows | undefined): KeyFigure {
  if (!replay) return { label: 'SLO verdict', value: 'not replayed', note: 'planned to meet every SLO; `plan --validate` replays it to check' };
  const judged = replay.classes.filter(isJudgedCell);
  const missed = judged.filter((c) => c.meetsSlo === 'no').length;
  const requests = replay.totals.reduce((s, w) => s + (Number.isFinite(w.requests) ? w.requests : 0), 0);
  return missed === 0
    ? { label: 'SLO verdict (replay)', value: 'pass', note: `no (window, class) cell misses significantly; ${fmt(requests)} requests replayed` }
    : { label: 'SLO verdict (replay)', value: 'fail', note: `${fmt(missed)} of ${fmt(judged.length)} (window, class) cells miss significantly (${pct(missed / judged.length, 1)})` };
}

function powerFigure(plan: Plan): KeyFigure {
  const t = plan.totals;
  if (!(Number.isFinite(t.provisionedKW) && t.provisionedKW > 0)) {
    return { label: 'power', value: `${fmt(t.peakPowerKW, 1)} kW peak`, note: `no power budget set; nameplate of the fleet ${fmt(t.nameplateKW, 1)} kW` };
  }
  const headroom = t.provisionedKW - t.peakPowerKW;
  const nameplate = t.nameplateKW > t.provisionedKW ? `oversubscribed ${fmt(t.nameplateKW / t.provisionedKW, 2)}× at nameplate` : 'nameplate fits it too';
  return {
    label: 'power headroom',
    value: `${fmt(headroom, 1)} kW`,
    note: `${pct(headroom / t.provisionedKW, 0)} of the ${fmt(t.provisionedKW, 1)} kW budget above the ${fmt(t.peakPowerKW, 1)} kW predicted peak; ${nameplate}`,
  };
}
