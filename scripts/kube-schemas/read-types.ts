/**
 * Reads the kubernetes-types declaration files into plain JSON Schema definitions.
 *
 * The files are generated from the Kubernetes OpenAPI document and use a handful of forms only
 * (interfaces of optional and required properties; string, number, boolean, string literals,
 * `Array<T>`, `{[name: string]: T}`, `number | string` and named types), so a small reader does
 * the job without a second TypeScript compiler (TypeScript 7 has no JavaScript API). Any form it
 * does not know throws, so a new kubernetes-types release cannot be misread silently.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type JsonSchema = { [key: string]: unknown };

export interface Property {
  readonly name: string;
  readonly required: boolean;
  readonly type: TypeExpr;
}

export type TypeExpr =
  | { readonly form: 'primitive'; readonly name: 'string' | 'number' | 'boolean' }
  | { readonly form: 'literal'; readonly value: string }
  | { readonly form: 'array'; readonly items: TypeExpr }
  | { readonly form: 'map'; readonly values: TypeExpr }
  | { readonly form: 'union'; readonly members: readonly TypeExpr[] }
  /** A named type, by its qualified definition name (`core.v1.Container`). */
  | { readonly form: 'ref'; readonly name: string };

export interface Declaration {
  /** Qualified name: module path with dots, then the type (`meta.v1.ObjectMeta`). */
  readonly name: string;
  /** An interface's properties; undefined for a type alias. */
  readonly properties: readonly Property[] | undefined;
  /** A type alias's type (`Quantity = string`). */
  readonly alias: TypeExpr | undefined;
}

const require = createRequire(import.meta.url);

export function kubernetesTypesRoot(): string {
  return dirname(require.resolve('kubernetes-types/package.json'));
}

export function kubernetesTypesVersion(): string {
  const pkg = JSON.parse(readFileSync(join(kubernetesTypesRoot(), 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** `core/v1` → `core.v1`; imports are relative (`../meta/v1`, `../runtime`). */
const qualify = (module: string) => module.replace(/\//g, '.');

function resolveImport(fromModule: string, specifier: string): string {
  const parts = fromModule.split('/').slice(0, -1);
  for (const segment of specifier.split('/')) {
    if (segment === '..') parts.pop();
    else if (segment !== '.') parts.push(segment);
  }
  return parts.join('/');
}

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

/** Splits at `separator` outside brackets. */
function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '<' || c === '{' || c === '(') depth++;
    else if (c === '>' || c === '}' || c === ')') depth--;
    else if (c === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

class TypeReader {
  constructor(
    private readonly module: string,
    private readonly names: ReadonlyMap<string, string>,
  ) {}

  read(source: string): TypeExpr {
    const text = source.trim();
    const members = splitTopLevel(text, '|');
    if (members.length > 1) return { form: 'union', members: members.map((m) => this.read(m)) };
    if (text === 'string' || text === 'number' || text === 'boolean') return { form: 'primitive', name: text };
    const literal = /^"([^"]*)"$/.exec(text);
    if (literal) return { form: 'literal', value: literal[1] as string };
    const array = /^Array<(.*)>$/s.exec(text);
    if (array) return { form: 'array', items: this.read(array[1] as string) };
    const map = /^\{\s*\[\w+: string\]: (.*?);?\s*\}$/s.exec(text);
    if (map) return { form: 'map', values: this.read(map[1] as string) };
    if (/^[A-Z]\w*$/.test(text)) return { form: 'ref', name: this.names.get(text) ?? `${qualify(this.module)}.${text}` };
    throw new Error(`kubernetes-types ${this.module}: unknown type form ${JSON.stringify(text)}`);
  }
}

function importedNames(module: string, text: string): Map<string, string> {
  const names = new Map<string, string>();
  for (const match of text.matchAll(/^import \{([^}]*)\} from "([^"]+)";$/gm)) {
    const target = qualify(resolveImport(module, match[2] as string));
    for (const name of (match[1] as string).split(',').map((n) => n.trim()).filter(Boolean)) names.set(name, `${target}.${name}`);
  }
  return names;
}

function readProperties(module: string, body: string, reader: TypeReader): Property[] {
  return splitTopLevel(body, ';').map((member) => {
    const match = /^(?:readonly )?("[^"]+"|[\w$]+)(\??):\s*([\s\S]+)$/.exec(member);
    if (!match) throw new Error(`kubernetes-types ${module}: unknown member form ${JSON.stringify(member)}`);
    return { name: (match[1] as string).replace(/"/g, ''), required: match[2] !== '?', type: reader.read(match[3] as string) };
  });
}

/** The declarations of one module (`core/v1`), by qualified name. */
export function readModule(module: string): Declaration[] {
  const raw = readFileSync(join(kubernetesTypesRoot(), `${module}.d.ts`), 'utf8');
  const text = stripComments(raw);
  const reader = new TypeReader(module, importedNames(module, text));
  const declarations: Declaration[] = [];
  const declaration = /^export (?:interface (\w+) \{([\s\S]*?)^\}|type (\w+) = ([^;]+);)/gm;
  for (const match of text.matchAll(declaration)) {
    if (match[1] !== undefined) {
      declarations.push({ name: `${qualify(module)}.${match[1]}`, properties: readProperties(module, match[2] as string, reader), alias: undefined });
    } else {
      declarations.push({ name: `${qualify(module)}.${match[3] as string}`, properties: undefined, alias: reader.read(match[4] as string) });
    }
  }
  return declarations;
}
