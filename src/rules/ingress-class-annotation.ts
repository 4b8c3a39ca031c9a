import { defineRule } from '../engine/rule.js';

const annotation = 'kubernetes.io/ingress.class';

/** Classes whose controller reads only the annotation (GKE's external and internal load balancers). */
const annotationOnlyClasses: ReadonlySet<string> = new Set(['gce', 'gce-internal']);

export default defineRule({
  id: 'ingress-class-annotation',
  severity: 'warning',
  category: 'correctness',
  kinds: ['Ingress'],
  docs: {
    summary: 'An Ingress uses the deprecated `kubernetes.io/ingress.class` annotation instead of `spec.ingressClassName`',
    why: 'The `kubernetes.io/ingress.class` annotation was deprecated in Kubernetes 1.18 in favour of the `spec.ingressClassName` field. Ingress controllers are dropping support for it, and one that no longer reads it either ignores the Ingress or, when it is the default class, serves it by accident.',
    details: [
      'Set `spec.ingressClassName` to the annotation\'s value and remove the annotation. When both are set and agree, the annotation is only noise; when they differ, the API server rejects a new Ingress (the annotation must match `ingressClassName` when both are given), so that case is an error.',
      '',
      'GKE\'s Ingress controller is the exception: it reads only the annotation, and takes no action on an Ingress that names its class by `ingressClassName` alone, so the classes `gce` and `gce-internal` are not reported.',
    ].join('\n'),
  },
  messages: {
    annotation: '{{ingress}} names its class with the deprecated ' + annotation + ' annotation: set `spec.ingressClassName: {{value}}` and remove the annotation',
    redundant: '{{ingress}} has both spec.ingressClassName and the deprecated ' + annotation + ' annotation ({{value}}): remove the annotation',
    conflict:
      "{{ingress}}'s deprecated " + annotation + ' annotation ({{value}}) differs from its spec.ingressClassName ({{className}}), which the API server rejects: remove the annotation, keeping the class you mean in spec.ingressClassName',
  },
  *check(ctx) {
    for (const ingress of ctx.model.ingresses()) {
      const value = ingress.annotations[annotation];
      // GKE's Ingress controller reads only the annotation: ingressClassName alone makes it take no action.
      if (value === undefined || annotationOnlyClasses.has(value)) continue;
      const at = { ...ingress.at('metadata', 'annotations', annotation), target: 'key' as const };
      const data = { ingress: ingress.displayName, value };
      const className = ingress.ingressClassName;
      if (className === undefined) {
        yield ctx.report({ at, messageId: 'annotation', object: ingress, data });
        continue;
      }
      const related = [{ at: ingress.at('spec', 'ingressClassName'), message: 'spec.ingressClassName' }];
      if (className === value) yield ctx.report({ at, messageId: 'redundant', object: ingress, data, related });
      else yield ctx.report({ at, messageId: 'conflict', object: ingress, data: { ...data, className }, severity: 'error', related });
    }
  },
});
