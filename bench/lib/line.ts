/** One product JSON line: ratio = value / baseline_value; `goal` applies to `goal_on` (ratio or value) in direction `better`. */
import { round } from './stats.ts';

export interface Line {
  name: string;
  value: number;
  unit: string;
  [k: string]: unknown;
}
export type Goal = { goal: number; goal_on: 'ratio' | 'value'; better: 'higher' | 'lower' };

export function line(
  name: string,
  value: number,
  unit: string,
  baseline: string,
  baselineValue: number,
  goal: Goal | null,
  extra: Record<string, unknown> = {},
): Line {
  const ratio = round(value / baselineValue, 4);
  const out: Line = { name, value, unit, baseline, baseline_value: baselineValue, ratio };
  if (goal) {
    const x = goal.goal_on === 'ratio' ? ratio : value;
    Object.assign(out, goal, {
      goal_met: Number.isFinite(x) && (goal.better === 'higher' ? x >= goal.goal : x <= goal.goal),
    });
  }
  return Object.assign(out, extra);
}
