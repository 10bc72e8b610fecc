/**
 * The schemas as json-schema-to-typescript should see them: the `if/then` branches only drive editors
 * and validation (the generator ignores them, leaving noise), and a step is the union of its kinds.
 */
import { compile } from 'json-schema-to-typescript';
import { schemas } from '../../../src/schema/index.js';
import { STEP_KINDS } from '../../../src/schema/steps.js';

type Node = Record<string, unknown>;

function strip(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strip);
  if (!node || typeof node !== 'object') return node;
  const out: Node = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'if' || key === 'then' || key === 'else' || key === 'errorMessage' || key.startsWith('x-'))
      continue;
    out[key] = strip(value);
  }
  // A `$ref` with a description beside it would become a new alias type per use site.
  if (typeof out.$ref === 'string') return { $ref: out.$ref };
  delete out.not;
  for (const combinator of ['allOf', 'anyOf', 'oneOf']) {
    if (!Array.isArray(out[combinator])) continue;
    // Entries that only say which keys are required ("one of these keys") add nothing to a type.
    const kept = (out[combinator] as Node[]).filter(
      (e) => Object.keys(e).some((k) => k !== 'required') && e.$ref !== '#/definitions/actionInput',
    );
    if (kept.length === 0) delete out[combinator];
    else out[combinator] = kept;
  }
  return out;
}

/** One schema whose definitions are every document type, the project file included. */
function typesSchema(): Node {
  const all = schemas();
  const definitions = { ...(all.documents.definitions as Node), ...(all.Agent.definitions as Node) };
  definitions.step = {
    description: (definitions.step as Node).description,
    anyOf: STEP_KINDS.map((kind) => ({ $ref: `#/definitions/${kind}Step` })),
  };
  const project = { ...all.project };
  delete project.$schema;
  delete project.$id;
  delete project.title;
  return strip({
    title: 'AexyDocument',
    description: 'Raw (as written) aexy documents. Generated from the JSON Schemas: do not edit.',
    anyOf: ['automationDocument', 'agentDocument', 'agentPolicyDocument'].map((d) => ({
      $ref: `#/definitions/${d}`,
    })),
    definitions: { ...definitions, projectFile: { ...project, title: 'ProjectFile' } },
  }) as Node;
}

/** The content of src/schema/generated/types.ts. */
export async function renderTypes(): Promise<string> {
  const schema = typesSchema();
  // Reference the project file from the root so the generator emits it.
  (schema.anyOf as Node[]).push({ $ref: '#/definitions/projectFile' });
  return compile(schema as never, 'AexyDocument', {
    bannerComment:
      '/* Generated from the JSON Schemas by test/unit/schema/generated-types.test.ts: do not edit.\n   Regenerate: npm run gen:types */',
    additionalProperties: false,
    unreachableDefinitions: true,
    format: true,
    style: { singleQuote: true, printWidth: 110 },
  });
}
