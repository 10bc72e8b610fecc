/**
 * Writes a synthetic aexy project for benchmarks: `count` automation files of about 15 steps each,
 * cycling through several shapes (flat actions, branching workflows, parallel fan-out, loops, waits
 * and approvals, agent steps), plus the agents and policies they reference. Deterministic.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const header = (name, description) =>
  `# Generated for benchmarks: ${description}\napiVersion: aexy/v1\nkind: Automation\nmetadata:\n  name: ${name}\n  description: "${description}"\n  labels: { team: bench }\n`;

/** An aexy `\${{ expr }}` template (built by hand so it is not read as a JS placeholder). */
const tpl = (expr) => `$\{{ ${expr} }}`;

const email = (id, to = tpl('record.values.email')) =>
  `      - id: ${id}\n        action: send_email\n        with:\n          to: "${to}"\n          subject: "Hello ${id}"\n          body: "Hi ${tpl('record.values.name')}, this is ${id}."\n`;
const slack = (id, indent = '      ') =>
  `${indent}- id: ${id}\n${indent}  action: send_slack\n${indent}  with:\n${indent}    channel: "#sales"\n${indent}    message: "Deal ${tpl('record.values.name')} moved (${id})"\n`;
const task = (id, indent = '      ') =>
  `${indent}- id: ${id}\n${indent}  action: create_task\n${indent}  with:\n${indent}    title: "Follow up ${id}"\n${indent}    priority: high\n`;
const update = (id) =>
  `      - id: ${id}\n        action: update_record\n        with:\n          values:\n            last_touch: "${tpl('now')}"\n            score: 10\n`;

/** Flat list of 15 actions on a record trigger. */
function flat(i) {
  let actions = '';
  for (let k = 0; k < 15; k++) {
    const shape = k % 3;
    if (shape === 0)
      actions += `    - action: send_slack\n      with: { channel: "#ops", message: "Record ${k} created" }\n`;
    if (shape === 1)
      actions += `    - action: create_task\n      with: { title: "Call back ${k}", priority: medium }\n`;
    if (shape === 2)
      actions += `    - action: update_record\n      with: { values: { stage_note: "step ${k}" } }\n`;
  }
  return `${header(`flat-${i}`, 'a flat list of actions on record creation')}spec:\n  module: crm\n  trigger: { type: record.created, object: deals }\n  conditions:\n    all:\n      - { field: record.values.amount, op: gte, value: 1000 }\n  actions:\n${actions}`;
}

/** Branching workflow: email, wait, if/else, switch, updates. */
function branching(i) {
  let steps = email('intro') + `      - id: pause\n        wait: 3d\n`;
  steps += `      - id: check\n        if: record.values.amount > 5000\n        then:\n${slack('big', '          ')}${task('big_task', '          ')}        else:\n${task('small_task', '          ')}`;
  steps += `      - id: route\n        switch:\n          - when: record.values.region == "EU"\n            next:\n${slack('eu', '              ')}          - when: record.values.region == "US"\n            next:\n${slack('us', '              ')}        default:\n${slack('other', '          ')}`;
  for (let k = 0; k < 5; k++) steps += update(`touch_${k}`);
  steps += email('outro');
  return `${header(`branching-${i}`, 'stage change: email, wait, branch and route')}spec:\n  module: crm\n  trigger: { type: stage.changed, object: deals, to: negotiation }\n  workflow:\n    steps:\n${steps}`;
}

/** Parallel fan-out with a join, then a loop over a list. */
function fanOut(i) {
  let steps = `      - id: fan\n        parallel:\n          join: all\n          branches:\n            notify:\n${slack('n1', '              ')}${slack('n2', '              ')}            tasks:\n${task('t1', '              ')}${task('t2', '              ')}\n`;
  steps += `      - id: each\n        loop:\n          forEach: record.values.contacts\n          as: contact\n          maxIterations: 50\n          steps:\n${slack('per_contact', '            ')}${task('per_task', '            ')}`;
  for (let k = 0; k < 6; k++) steps += update(`mark_${k}`);
  steps += `      - id: done\n        set: { finished: "true" }\n`;
  return `${header(`fan-out-${i}`, 'renewal in 7 days: fan out, join, then loop over contacts')}spec:\n  module: crm\n  trigger: { type: date.approaching, object: deals, field: renewal_date, before: 7d }\n  workflow:\n    steps:\n${steps}`;
}

/** Approval with timeout and escalation, an event wait with a timeout path, an agent step. */
function approvals(i) {
  let steps = `      - id: classify\n        agent: reply-classifier\n        input: { text: "${tpl('record.values.notes')}" }\n        waitForCompletion: true\n        timeout: 2m\n`;
  steps += `      - id: approve\n        approval:\n          approvers: ["role:admin"]\n          message: Approve the discount?\n          timeout: 48h\n          escalate: { after: 24h, to: ["role:owner"] }\n        onApprove:\n${slack('approved', '          ')}        onReject:\n${task('rejected', '          ')}        onTimeout: end\n`;
  steps += `      - id: reply\n        wait:\n          event: email.replied\n          timeout: 3d\n        onTimeout:\n${task('no_reply', '          ')}`;
  for (let k = 0; k < 6; k++) steps += update(`note_${k}`);
  steps += email('thanks');
  return `${header(`approvals-${i}`, 'approval with escalation and a reply wait')}spec:\n  module: crm\n  trigger: { type: field.changed, object: deals, field: discount }\n  workflow:\n    steps:\n${steps}`;
}

const SHAPES = [flat, branching, fanOut, approvals];

const agents = `apiVersion: aexy/v1
kind: Agent
metadata:
  name: reply-classifier
spec:
  type: custom
  model: { provider: openai, name: gpt-4o-mini, temperature: 0 }
  instructions: Classify the reply as interested, not_now or unsubscribe.
  tools: [get_record]
  output: { type: object, required: [label], properties: { label: { enum: [interested, not_now, unsubscribe] } } }
  maxIterations: 5
  timeout: 5m
---
apiVersion: aexy/v1
kind: AgentPolicy
metadata:
  name: classifier-rate
spec:
  agent: reply-classifier
  type: rate_limit
  tools: [get_record]
  limit: 50
  per: 1d
`;

/** Writes the project into `dir` (which must exist) and returns the number of files written. */
export function generateProject(dir, count = 1000) {
  writeFileSync(join(dir, 'aexy.yaml'), 'name: bench\ninclude: ["**/*.yaml"]\n');
  writeFileSync(join(dir, 'agents.yaml'), agents);
  for (let i = 0; i < count; i++) {
    const folder = join(dir, 'automations', String(Math.floor(i / 100)).padStart(2, '0'));
    mkdirSync(folder, { recursive: true });
    writeFileSync(
      join(folder, `automation-${String(i).padStart(4, '0')}.yaml`),
      SHAPES[i % SHAPES.length](i),
    );
  }
  return count + 2;
}
