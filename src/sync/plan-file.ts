/** Saved plans (`aexy plan --out FILE`): the Plan JSON, checked enough that apply can trust its shape. */
import { PLAN_FORMAT_VERSION, type Plan } from '../plan/types.js';

/** Serialises a plan for `--out` (stable, pretty JSON). */
export function serializePlan(plan: Plan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}

/** Parses a saved plan; throws an Error saying what is wrong with the file. */
export function parsePlan(text: string, label: string): Plan {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`${label} is not JSON: ${(error as Error).message}`);
  }
  const plan = data as Partial<Plan>;
  if (!plan || typeof plan !== 'object' || plan.formatVersion === undefined)
    throw new Error(`${label} is not an aexy plan (no formatVersion)`);
  if (plan.formatVersion !== PLAN_FORMAT_VERSION) {
    throw new Error(
      `${label} has plan format ${plan.formatVersion}; this aexy reads format ${PLAN_FORMAT_VERSION}`,
    );
  }
  const base = plan.base;
  if (
    !base ||
    typeof base.lineage !== 'string' ||
    typeof base.serial !== 'number' ||
    !Array.isArray(plan.changes)
  ) {
    throw new Error(`${label} is missing base or changes`);
  }
  return plan as Plan;
}
