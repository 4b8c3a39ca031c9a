// js-yaml 4 exports its built-in types at run time; @types/js-yaml does not declare them.
import type { Type } from 'js-yaml';

declare module 'js-yaml' {
  export const types: { readonly merge: Type };
}
