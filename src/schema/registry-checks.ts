/**
 * The registry half of schema validation. The published schemas carry one `if/then` branch per
 * trigger and per action (editors need them for completion), but compiling ~200 branches dominated
 * the cost of a `validate` run. aexy's validator compiles the schema without them and checks the
 * `trigger:` object and every action step directly against its own branch schema, compiled on first
 * use. The errors are the ones the branches would give, with document-level paths.
 */
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import type { JsonSchema, Registry } from '../registry/types.js';
import { actionBranch, triggerBranch } from './registry-schemas.js';

type Data = Record<string, unknown>;

const isMap = (value: unknown): value is Data =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Step keys whose value may be a nested block of steps. */
const BLOCK_KEYS = ['then', 'else', 'default', 'onTimeout', 'onApprove', 'onReject', 'catch'];

const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

export interface ActionStepAt {
  /** JSON pointer of the step inside the document. */
  pointer: string;
  step: Data;
}

/** Every action step of an Automation spec (flat list and workflow, nested blocks included). */
export function actionSteps(spec: unknown): ActionStepAt[] {
  const out: ActionStepAt[] = [];
  if (!isMap(spec)) return out;
  visitSteps(spec.actions, '/spec/actions', out);
  if (isMap(spec.workflow)) visitSteps(spec.workflow.steps, '/spec/workflow/steps', out);
  return out;
}

function visitSteps(steps: unknown, pointer: string, out: ActionStepAt[]): void {
  if (!Array.isArray(steps)) return;
  steps.forEach((step, index) => {
    if (!isMap(step)) return;
    const at = `${pointer}/${index}`;
    if (typeof step.action === 'string') out.push({ pointer: at, step });
    for (const key of BLOCK_KEYS) visitSteps(step[key], `${at}/${key}`, out);
    if (Array.isArray(step.switch)) {
      step.switch.forEach((c, i) => {
        if (isMap(c)) visitSteps(c.next, `${at}/switch/${i}/next`, out);
      });
    }
    if (isMap(step.loop)) visitSteps(step.loop.steps, `${at}/loop/steps`, out);
    const branches = isMap(step.parallel) ? step.parallel.branches : undefined;
    if (isMap(branches)) {
      for (const [name, block] of Object.entries(branches)) {
        visitSteps(block, `${at}/parallel/branches/${escapePointer(name)}`, out);
      }
    }
  });
}

/** Checks triggers and action steps against their registry schemas, with validators cached per id. */
export class RegistryChecks {
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(
    private readonly ajv: Ajv,
    private readonly registry: Registry,
  ) {}

  /** Errors of the trigger and the action steps of one Automation document. */
  check(data: unknown): ErrorObject[] {
    const spec = isMap(data) ? data.spec : undefined;
    if (!isMap(spec)) return [];
    const errors: ErrorObject[] = [];
    const trigger = spec.trigger;
    const triggerDef =
      isMap(trigger) && typeof trigger.type === 'string'
        ? this.registry.triggers.get(trigger.type)
        : undefined;
    if (triggerDef)
      errors.push(
        ...this.run(`trigger/${triggerDef.id}`, () => triggerBranch(triggerDef), trigger, '/spec/trigger'),
      );
    for (const { pointer, step } of actionSteps(spec)) {
      const def = this.registry.actions.get(step.action as string);
      if (def) errors.push(...this.run(`action/${def.id}`, () => actionBranch(def), step, pointer));
    }
    return errors;
  }

  private run(key: string, schema: () => JsonSchema, value: unknown, pointer: string): ErrorObject[] {
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(schema());
      this.validators.set(key, validate);
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).map((error) => ({
      ...error,
      instancePath: `${pointer}${error.instancePath}`,
      schemaPath: `#/registry/${key}${error.schemaPath.slice(1)}`,
    }));
  }
}
