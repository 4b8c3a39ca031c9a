/**
 * A yes-or-no check of an object against the generated Kubernetes schema, for the common case:
 * most objects conform. ajv's compiled validators (schema-validators.generated.ts) build an error
 * object for each failure and test every property the schema names, in functions of thousands of
 * lines that run slowly until the JIT has compiled them: about 100 ms for the first 10,000 objects,
 * against the 15 ms the same calls take once warm. This walks the object's own keys against a
 * compact table of the schema, so its cost follows the object's size, and its few small functions
 * are compiled early. Where the answer is no, or another check found something, ajv says what is
 * wrong (schema.ts), and its module is only loaded then.
 *
 * The answer must be ajv's for every value a YAML or JSON reader gives: plain objects (own,
 * enumerable fields), arrays and scalars, which is all netlint passes it. (ajv reads a declared
 * field as `data.field`, so a getter or a hidden field of some other object counts for it and not
 * here.) test/engine/schema-shape.test.ts compares the two on every fixture and on thousands of
 * mutated objects. Each keyword applies as ajv's generated code
 * applies it (`properties`, `required` and `additionalProperties` to objects, `items` to arrays,
 * `minimum` and `maximum` to finite numbers, `pattern` to strings, `type` and `enum` to anything),
 * and a `$ref` is checked beside the keywords next to it.
 */
import { definitionsText } from './schema-definitions.generated.js';

/** JSON types as bits, so a union of types is one number. */
const TypeBit = { Object: 1, Array: 2, String: 4, Number: 8, Integer: 16, Boolean: 32, Null: 64 } as const;

const typeBits: Readonly<Record<string, number>> = {
  object: TypeBit.Object,
  array: TypeBit.Array,
  string: TypeBit.String,
  number: TypeBit.Number,
  integer: TypeBit.Integer,
  boolean: TypeBit.Boolean,
  null: TypeBit.Null,
};

/** One schema, compiled. Every field is always present, so each check reads objects of one shape. */
interface Shape {
  /** The allowed types; 0 when the schema has no `type`. */
  types: number;
  ref: Shape | undefined;
  properties: ReadonlyMap<string, Shape> | undefined;
  /** Keys not in `properties`: `true` allows any value, `false` none, a shape checks the value. */
  additional: Shape | boolean;
  required: readonly string[];
  items: Shape | undefined;
  allowed: readonly unknown[] | undefined;
  minimum: number;
  maximum: number;
  pattern: RegExp | undefined;
}

type SchemaNode = Readonly<Record<string, unknown>>;

/** Keywords that only name or describe. */
const ignoredKeywords = new Set(['title', '$comment']);

let definitions: Readonly<Record<string, SchemaNode>> | undefined;
const compiled = new Map<string, Shape>();

function definitionShape(name: string): Shape {
  const known = compiled.get(name);
  if (known) return known;
  definitions ??= JSON.parse(definitionsText) as Readonly<Record<string, SchemaNode>>;
  const schema = definitions[name];
  if (!schema) throw new Error(`schema-shape: no definition ${name}`);
  // Registered before its fields are compiled, so a definition that refers to itself ends.
  const shape = emptyShape();
  compiled.set(name, shape);
  fill(shape, schema);
  return shape;
}

function emptyShape(): Shape {
  return { types: 0, ref: undefined, properties: undefined, additional: true, required: [], items: undefined, allowed: undefined, minimum: -Infinity, maximum: Infinity, pattern: undefined };
}

function compile(schema: SchemaNode): Shape {
  const shape = emptyShape();
  fill(shape, schema);
  return shape;
}

/**
 * Property names that an object inherits would make ajv's `data.name !== undefined` differ from
 * an own-key walk; the Kubernetes schema has none, and this makes sure.
 */
function ownName(name: string): string {
  if (name in Object.prototype) throw new Error(`schema-shape: property ${name} is inherited by every object`);
  return name;
}

function fill(shape: Shape, schema: SchemaNode): void {
  for (const [keyword, value] of Object.entries(schema)) {
    switch (keyword) {
      case 'type':
        for (const type of Array.isArray(value) ? value : [value]) shape.types |= typeBits[String(type)] ?? unknownType(type);
        break;
      case '$ref':
        shape.ref = definitionShape(String(value).replace('#/definitions/', ''));
        break;
      case 'properties':
        shape.properties = new Map(Object.entries(value as Record<string, SchemaNode>).map(([name, property]) => [ownName(name), compile(property)]));
        break;
      case 'additionalProperties':
        shape.additional = typeof value === 'boolean' ? value : compile(value as SchemaNode);
        break;
      case 'required':
        shape.required = (value as string[]).map(ownName);
        break;
      case 'items':
        shape.items = compile(value as SchemaNode);
        break;
      case 'enum':
        // ajv compares scalars with ===; includes() agrees on every value but NaN, which no enum lists.
        if (!(value as unknown[]).every((v) => v === null || typeof v !== 'object')) throw new Error('schema-shape: enum of objects');
        shape.allowed = value as unknown[];
        break;
      case 'minimum':
        shape.minimum = Number(value);
        break;
      case 'maximum':
        shape.maximum = Number(value);
        break;
      case 'pattern':
        // ajv compiles patterns with the u flag.
        shape.pattern = new RegExp(String(value), 'u');
        break;
      default:
        if (!ignoredKeywords.has(keyword)) throw new Error(`schema-shape: keyword ${keyword} has no check`);
    }
  }
}

function unknownType(type: unknown): never {
  throw new Error(`schema-shape: type ${String(type)} has no check`);
}

/** Whether a value is of one of the types; numbers as ajv tells them apart (finite; integer without a fraction). */
function hasType(types: number, value: unknown): boolean {
  if (value === null) return (types & TypeBit.Null) !== 0;
  switch (typeof value) {
    case 'object':
      return (types & (Array.isArray(value) ? TypeBit.Array : TypeBit.Object)) !== 0;
    case 'string':
      return (types & TypeBit.String) !== 0;
    case 'boolean':
      return (types & TypeBit.Boolean) !== 0;
    case 'number':
      return ((types & TypeBit.Number) !== 0 && Number.isFinite(value)) || ((types & TypeBit.Integer) !== 0 && Number.isInteger(value));
    default:
      return false;
  }
}

function conforms(shape: Shape, value: unknown): boolean {
  if (shape.types !== 0 && !hasType(shape.types, value)) return false;
  if (shape.ref !== undefined && !conforms(shape.ref, value)) return false;
  if (shape.allowed !== undefined && !shape.allowed.includes(value)) return false;
  if (typeof value === 'object' && value !== null) {
    return Array.isArray(value) ? itemsConform(shape, value) : fieldsConform(shape, value as Readonly<Record<string, unknown>>);
  }
  if (typeof value === 'number') return !Number.isFinite(value) || (value >= shape.minimum && value <= shape.maximum);
  if (typeof value === 'string') return shape.pattern === undefined || shape.pattern.test(value);
  return true;
}

function itemsConform(shape: Shape, list: readonly unknown[]): boolean {
  const items = shape.items;
  if (items === undefined) return true;
  for (let i = 0; i < list.length; i++) if (!conforms(items, list[i])) return false;
  return true;
}

function fieldsConform(shape: Shape, mapping: Readonly<Record<string, unknown>>): boolean {
  // Index loops: a for-of allocates an iterator each time until V8 has optimised the function.
  const { required } = shape;
  for (let i = 0; i < required.length; i++) if (mapping[required[i] as string] === undefined) return false;
  const { properties, additional } = shape;
  if (properties === undefined && additional === true) return true;
  // for-in, as ajv's own walk for additionalProperties: own and inherited enumerable keys.
  for (const key in mapping) {
    const value = mapping[key];
    const property = properties?.get(key);
    if (property !== undefined) {
      // ajv checks a property only when it is not undefined; YAML and JSON never give undefined.
      if (value !== undefined && !conforms(property, value)) return false;
    } else if (additional === false || (additional !== true && !conforms(additional, value))) {
      return false;
    }
  }
  return true;
}

/** Whether the value passes the definition's schema: what ajv's validator of that definition returns. */
export function conformsToDefinition(definition: string, value: unknown): boolean {
  return conforms(definitionShape(definition), value);
}
