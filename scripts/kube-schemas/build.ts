/**
 * Builds the strict JSON Schemas of the kinds netlint checks (schemas/kubernetes.schema.json) and
 * compiles them once with ajv into standalone validator code
 * (src/engine/model/schema-validators.generated.ts), so a run never compiles a schema; the
 * definitions also go, as compact text, to src/engine/model/schema-definitions.generated.ts for the
 * quick check of schema-shape.ts.
 * `npm run gen` writes both; test/schema.test.ts rebuilds them in memory and compares.
 */
import { Ajv } from 'ajv';
import standalone from 'ajv/dist/standalone/index.js';
import { checkedKinds, validatorName } from '../../src/engine/model/schema-kinds.js';
import {
  addedRequired,
  aliasSchemas,
  fieldConstraints,
  handKeptDefinitions,
  newerFields,
  opaqueDefinitions,
  removedRequired,
  strictDefinitions,
  uncheckedProperties,
} from './overlay.js';
import { kubernetesTypesVersion, readModule, type Declaration, type JsonSchema, type TypeExpr } from './read-types.js';

const modules = ['meta/v1', 'core/v1', 'apps/v1', 'batch/v1', 'networking/v1', 'api/resource', 'runtime'];
export const schemaId = 'netlint-kubernetes';

/** Where `npm run gen` writes the schema document and the compiled validators, from the project root. */
export const schemaPaths = {
  schema: 'schemas/kubernetes.schema.json',
  validators: 'src/engine/model/schema-validators.generated.ts',
  definitions: 'src/engine/model/schema-definitions.generated.ts',
} as const;

/** Adds `null` to a schema's type: Kubernetes reads a null optional field as absent. */
function nullable(schema: JsonSchema): JsonSchema {
  if (schema.type === undefined) return schema;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  return { ...schema, type: [...types, 'null'] };
}

class SchemaBuilder {
  private readonly declarations = new Map<string, Declaration>();
  readonly definitions = new Map<string, JsonSchema>();

  constructor(declarations: readonly Declaration[]) {
    for (const declaration of declarations) this.declarations.set(declaration.name, declaration);
  }

  /** The schema of a type; `present` when the value must not be null (a required field). */
  typeSchema(type: TypeExpr, present: boolean): JsonSchema {
    const wrap = (schema: JsonSchema) => (present ? schema : nullable(schema));
    switch (type.form) {
      case 'primitive':
        return wrap({ type: type.name });
      case 'literal':
        return wrap({ type: 'string' });
      case 'array':
        // Go's JSON decoding reads a null list item as the zero value: accepted where that is a
        // valid value, refused where the item's type has required fields (`ports: [null]` is a
        // ServicePort without a port, `containers: [null]` a container without a name).
        return wrap({ type: 'array', items: this.typeSchema(type.items, this.hasRequiredFields(type.items)) });
      case 'map':
        return wrap({ type: 'object', additionalProperties: this.typeSchema(type.values, false) });
      case 'union': {
        const names = type.members.map((m) => (m.form === 'primitive' ? m.name : undefined));
        if (names.some((n) => n === undefined)) throw new Error(`unsupported union ${JSON.stringify(type)}`);
        return wrap({ type: names });
      }
      case 'ref':
        return this.refSchema(type.name, present);
    }
  }

  private refSchema(name: string, present: boolean): JsonSchema {
    const declaration = this.declarations.get(name);
    if (!declaration) throw new Error(`kubernetes-types: ${name} is not declared`);
    if (declaration.alias) {
      const alias = aliasSchemas[name] ?? this.typeSchema(declaration.alias, true);
      return present ? alias : nullable(alias);
    }
    this.define(name, declaration);
    // Definitions accept null (an optional field); where a value must be present, say so beside the $ref.
    return present ? { $ref: `#/definitions/${name}`, type: 'object' } : { $ref: `#/definitions/${name}` };
  }

  /** Whether a type is an object type with required fields, so that its zero value is invalid. */
  private hasRequiredFields(type: TypeExpr): boolean {
    if (type.form !== 'ref') return false;
    const declaration = this.declarations.get(type.name);
    if (!declaration || declaration.alias) return false;
    return this.requiredFields(type.name, declaration).size > 0;
  }

  private requiredFields(name: string, declaration: Declaration): Set<string> {
    const required = new Set((declaration.properties ?? []).filter((p) => p.required).map((p) => p.name));
    for (const field of addedRequired[name] ?? []) required.add(field);
    for (const field of removedRequired[name] ?? []) required.delete(field);
    return required;
  }

  define(name: string, declaration: Declaration): void {
    if (this.definitions.has(name)) return;
    // The title names the object in messages (`targetport is not a field of ServicePort`).
    const schema: JsonSchema = { title: name.slice(name.lastIndexOf('.') + 1), type: ['object', 'null'] };
    this.definitions.set(name, schema);
    const properties = declaration.properties ?? [];
    // An empty interface (FieldsV1, RawExtension) is free-form, and so is an opaque subtree.
    if (properties.length === 0 || opaqueDefinitions.has(name)) return;
    const constraints = fieldConstraints[name] ?? {};
    const required = this.requiredFields(name, declaration);
    const schemaProperties: Record<string, JsonSchema> = {};
    for (const property of properties) {
      const present = required.has(property.name);
      const constraint = constraints[property.name];
      if (uncheckedProperties.has(property.name)) schemaProperties[property.name] = {};
      else if (constraint) schemaProperties[property.name] = present ? constraint : nullable(constraint);
      else schemaProperties[property.name] = this.typeSchema(property.type, present);
    }
    for (const field of newerFields[name] ?? []) schemaProperties[field] = {};
    schema.properties = schemaProperties;
    if (required.size > 0) schema.required = [...required].sort();
    if (strictDefinitions.has(name)) schema.additionalProperties = false;
  }
}

/** The schema document: every definition the checked kinds reach, sorted by name. */
export function buildKubernetesSchema(): JsonSchema {
  const builder = new SchemaBuilder(modules.flatMap(readModule));
  for (const { definition } of checkedKinds) {
    if (!(definition in handKeptDefinitions)) builder.typeSchema({ form: 'ref', name: definition }, true);
  }
  // Hand-kept schemas (routes, the Network Policy API) refer to ObjectMeta and LabelSelector, which the core kinds already defined.
  const all = new Map([...builder.definitions, ...Object.entries(handKeptDefinitions)]);
  const definitions = Object.fromEntries([...all].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: schemaId,
    $comment: `Generated by scripts/kube-schemas from kubernetes-types ${kubernetesTypesVersion()} and scripts/kube-schemas/overlay.ts (npm run gen); do not edit.`,
    definitions,
  };
}

/** Standalone ESM validator code, one export per checked kind. */
export function compileValidators(schema: JsonSchema): string {
  const ajv = new Ajv({
    allErrors: true,
    // Messages are netlint's own; ajv's English would only add weight.
    messages: false,
    // Errors carry their parent schema: unknown-field messages suggest one of its property names.
    verbose: true,
    allowUnionTypes: true,
    // One function per definition, shared by every kind that reaches it (inlining repeats PodSpec eight times).
    inlineRefs: false,
    strict: true,
    code: { source: true, esm: true },
  });
  ajv.addSchema(schema);
  const exports = Object.fromEntries(checkedKinds.map((k) => [validatorName(k.definition), `${schemaId}#/definitions/${k.definition}`]));
  // A CommonJS module: its default export is the module, whose `default` is the function.
  const code = standalone.default(ajv, exports);
  return `// @ts-nocheck\n// Generated by scripts/kube-schemas (npm run gen) from schemas/kubernetes.schema.json; do not edit.\n${code}\n`;
}

/**
 * The definitions as compact JSON text for schema-shape.ts, without the titles only messages use.
 * Text, parsed on first use: JSON.parse reads an object this size faster than JavaScript does a literal.
 */
export function renderDefinitions(schema: JsonSchema): string {
  const text = JSON.stringify(schema.definitions, (key, value: unknown) => (key === 'title' && typeof value === 'string' ? undefined : value));
  return [
    '// Generated by scripts/kube-schemas (npm run gen) from schemas/kubernetes.schema.json; do not edit.',
    '/** The schema\'s definitions without their titles, as JSON text (src/engine/model/schema-shape.ts reads it). */',
    `export const definitionsText = ${JSON.stringify(text)};`,
    '',
  ].join('\n');
}

export function renderSchemaFiles(): { readonly schema: string; readonly validators: string; readonly definitions: string } {
  const schema = buildKubernetesSchema();
  return { schema: `${JSON.stringify(schema, null, 2)}\n`, validators: compileValidators(schema), definitions: renderDefinitions(schema) };
}
