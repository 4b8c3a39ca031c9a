// js-yaml 4 exports its built-in types at run time; @types/js-yaml does not declare them.
import type { Type } from 'js-yaml';

declare module 'js-yaml' {
  /** The YAML 1.2 core schema's implicit types, and the merge key. */
  export const types: { readonly merge: Type; readonly null: Type; readonly bool: Type; readonly int: Type; readonly float: Type };
}
