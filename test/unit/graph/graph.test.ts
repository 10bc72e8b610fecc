import { describe, expect, it } from 'vitest';
import { buildGraph, renderDot, renderMermaid } from '../../../src/graph/index.js';
import type { AutomationIR } from '../../../src/ir/types.js';
import { compileYaml } from '../compiler/compile-helpers.js';

const FLOW = `apiVersion: aexy/v1
kind: Automation
metadata: { name: deal-followup }
spec:
  module: crm
  trigger: { type: stage.changed, object: deals, to: negotiation }
  workflow:
    steps:
      - id: email
        action: send_email
        with: { to: "\${{ record.values.email }}", subject: Next steps, body: Hi }
      - id: wait_reply
        wait: { event: email.replied, timeout: 3d }
        onTimeout:
          - id: task
            action: create_task
            with: { title: Follow up }
          - id: ok
            approval: { approvers: ["role:sales"], timeout: 2d }
            onReject: end
      - id: fan_out
        parallel:
          join: any
          branches:
            slack:
              - { id: notify, action: send_slack, with: { channel: "#sales", message: replied } }
            crm:
              - { id: mark, action: update_record, with: { values: { replied: true } } }
      - id: each
        loop:
          forEach: record.values.contacts
          maxIterations: 10
          steps:
            - { id: ping, action: send_slack, with: { channel: "#sales", message: hi } }
`;

function graphOf(yaml: string) {
  const { units, diagnostics } = compileYaml(yaml);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return buildGraph(units[0].resource as AutomationIR);
}

describe('aexy graph renderers', () => {
  it('renders Mermaid with distinct shapes, labelled branches and subgraphs', () => {
    expect(renderMermaid(graphOf(FLOW))).toBe(MERMAID);
  });

  it('renders DOT with clusters', () => {
    expect(renderDot(graphOf(FLOW))).toBe(DOT);
  });

  it('marks added, removed and changed steps when asked', () => {
    const out = renderMermaid(graphOf(FLOW), {
      styles: new Map([
        ['email', 'changed'],
        ['ping', 'added'],
      ]),
    });
    expect(out).toContain('  classDef changed fill:#fef9c3,stroke:#ca8a04\n  class email changed\n');
    expect(out).toContain('  class ping added\n');
    expect(renderDot(graphOf(FLOW), { styles: new Map([['task', 'removed']]) })).toContain(
      '"task" [label="task\\ncreate_task", shape=box, style="filled", fillcolor="#fee2e2", color="#dc2626"];',
    );
  });

  it('draws if/else branches, jumps to end and error paths', () => {
    const graph = graphOf(`apiVersion: aexy/v1
kind: Automation
metadata: { name: branchy }
spec:
  module: crm
  trigger: { type: record.created, object: contacts }
  workflow:
    steps:
      - id: check
        if: record.values.email != ""
        then:
          - { id: mail, action: send_email, with: { to: "x@y.z", subject: s, body: b }, catch: end }
        else: end
      - { id: after, action: send_slack, with: { channel: "#a", message: m } }
`);
    expect(graph.edges).toEqual([
      { from: 'mail', to: 'after' },
      { from: 'mail', to: 'end__', label: 'error', dashed: true },
      { from: 'check', to: 'mail', label: 'then' },
      { from: 'check', to: 'end__', label: 'else' },
      { from: 'after', to: 'end__' },
      { from: 'start__', to: 'check' },
    ]);
  });
});

const MERMAID = `flowchart TD
  start__(["stage.changed"])
  email["email<br/>send_email"]
  wait_reply>"wait_reply<br/>wait for email.replied (3d)"]
  fan_out{{"fan_out<br/>parallel (2 branches)"}}
  each[["each<br/>for each item in record.values.contacts (max 10)"]]
  task["task<br/>create_task"]
  ok[/"ok<br/>approval by role:sales (2d)"\\]
  end__(("end"))
  fan_out__join{{"join any"}}
  subgraph fan_out__parallel["parallel fan_out"]
    subgraph fan_out__slack["slack"]
      notify["notify<br/>send_slack"]
    end
    subgraph fan_out__crm["crm"]
      mark["mark<br/>update_record"]
    end
  end
  subgraph each__loop["loop each"]
    ping["ping<br/>send_slack"]
  end
  email --> wait_reply
  wait_reply -->|"event"| fan_out
  task --> ok
  ok -->|"approve"| fan_out
  ok -->|"reject"| end__
  ok -->|"timeout"| end__
  wait_reply -->|"timeout"| task
  notify --> fan_out__join
  fan_out -->|"slack"| notify
  mark --> fan_out__join
  fan_out -->|"crm"| mark
  fan_out__join --> each
  ping -.->|"next"| each
  each -->|"each item"| ping
  each -->|"done"| end__
  start__ --> email
  classDef terminal fill:#f3f4f6,stroke:#6b7280
  class end__ terminal
`;
const DOT = `digraph "deal-followup" {
  rankdir=TB;
  node [fontname="Helvetica"];
  edge [fontname="Helvetica"];
  "start__" [label="stage.changed", shape=oval, style="rounded"];
  "email" [label="email\\nsend_email", shape=box];
  "wait_reply" [label="wait_reply\\nwait for email.replied (3d)", shape=cds];
  "fan_out" [label="fan_out\\nparallel (2 branches)", shape=hexagon];
  "each" [label="each\\nfor each item in record.values.contacts (max 10)", shape=box3d];
  "task" [label="task\\ncreate_task", shape=box];
  "ok" [label="ok\\napproval by role:sales (2d)", shape=trapezium];
  "end__" [label="end", shape=doublecircle];
  "fan_out__join" [label="join any", shape=hexagon];
  subgraph "cluster_fan_out__parallel" {
    label="parallel fan_out";
    subgraph "cluster_fan_out__slack" {
      label="slack";
      "notify" [label="notify\\nsend_slack", shape=box];
    }
    subgraph "cluster_fan_out__crm" {
      label="crm";
      "mark" [label="mark\\nupdate_record", shape=box];
    }
  }
  subgraph "cluster_each__loop" {
    label="loop each";
    style="dashed";
    "ping" [label="ping\\nsend_slack", shape=box];
  }
  "email" -> "wait_reply";
  "wait_reply" -> "fan_out" [label="event"];
  "task" -> "ok";
  "ok" -> "fan_out" [label="approve"];
  "ok" -> "end__" [label="reject"];
  "ok" -> "end__" [label="timeout"];
  "wait_reply" -> "task" [label="timeout"];
  "notify" -> "fan_out__join";
  "fan_out" -> "notify" [label="slack"];
  "mark" -> "fan_out__join";
  "fan_out" -> "mark" [label="crm"];
  "fan_out__join" -> "each";
  "ping" -> "each" [label="next", style="dashed"];
  "each" -> "ping" [label="each item"];
  "each" -> "end__" [label="done"];
  "start__" -> "email";
}
`;

describe('labels', () => {
  it('shortens long switch cases in the middle so cases that differ at the end stay distinct', () => {
    const graph = graphOf(`apiVersion: aexy/v1
kind: Automation
metadata: { name: routes }
spec:
  module: crm
  trigger: { type: record.created, object: contacts }
  workflow:
    steps:
      - id: route
        switch:
          - { when: 'record.values.classification_label_from_agent == "interested"', next: end }
          - { when: 'record.values.classification_label_from_agent == "unsubscribe"', next: fail }
`);
    expect(graph.edges.filter((e) => e.from === 'route').map((e) => e.label)).toEqual([
      'record.values.c…label_from_agent == "interested"',
      'record.values.c…abel_from_agent == "unsubscribe"',
      'default',
    ]);
  });
});
