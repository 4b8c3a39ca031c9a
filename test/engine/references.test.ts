/**
 * How a host name resolves to a Service of the input (the one resolution the reference rules
 * share), and which address ranges count as the cluster's own.
 */
import { describe, expect, it } from 'vitest';
import { ClusterModel } from '../../src/engine/model/cluster.js';
import { resolveServiceReference } from '../../src/engine/model/references.js';
import { parseFile } from '../../src/engine/parse.js';
import { clusterAddressRanges, defaultSettings } from '../../src/engine/settings.js';
import { createSourceFile } from '../../src/engine/source.js';

const manifests = `
apiVersion: v1
kind: Service
metadata: {name: backend, namespace: api}
spec: {selector: {app: backend}, ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: mongo, namespace: shop}
spec: {clusterIP: None, selector: {app: mongo}, ports: [{port: 27017}]}
---
apiVersion: v1
kind: Service
metadata: {name: billing, namespace: shop}
spec: {type: ExternalName, externalName: billing.example.com}
`;

function model(): ClusterModel {
  const parsed = parseFile(createSourceFile('m.yaml', undefined, manifests));
  return ClusterModel.fromDocuments(parsed.documents, defaultSettings);
}

describe('resolveServiceReference', () => {
  const cluster = model();
  const resolve = (host: string, namespace = 'shop', ownHostNames: string[] = []) => {
    const resolved = resolveServiceReference(cluster, { namespace, ownHostNames }, host);
    if (resolved === undefined) return undefined;
    return resolved.kind === 'service'
      ? `${resolved.form} ${resolved.service.namespace}/${resolved.service.name}`
      : `${resolved.form} missing ${resolved.namespace}/${resolved.name} nearest=${resolved.nearest ?? '-'} elsewhere=${resolved.elsewhere.join(',')}`;
  };

  it.each<[string, string, string | undefined]>([
    ['backend', 'api', 'short api/backend'],
    ['backend.api', 'shop', 'qualified api/backend'],
    ['backend.api.svc', 'shop', 'qualified api/backend'],
    ['Backend.API.svc.cluster.local.', 'shop', 'qualified api/backend'],
    ['backend.api.svc.other.domain', 'shop', undefined],
    ['backnd.api', 'shop', 'qualified missing api/backnd nearest=backend elsewhere='],
    ['backend', 'shop', 'short missing shop/backend nearest=- elsewhere=api'],
    ['backend.nowhere', 'shop', undefined],
    ['mongo-0.mongo', 'shop', undefined],
    ['mongo', 'shop', 'short shop/mongo'],
    ['billing.example.com', 'shop', undefined],
    ['web-0.web.shop.svc.cluster.local', 'shop', undefined],
    ['anything', 'empty', undefined],
  ])('%s from namespace %s resolves to %s', (host, namespace, expected) => {
    expect(resolve(host, namespace)).toBe(expected);
  });

  it("skips the pod's own names", () => {
    expect(resolve('web-main', 'shop', ['web-main'])).toBeUndefined();
    expect(resolve('web-main', 'shop')).toBe('short missing shop/web-main nearest=- elsewhere=');
  });
});

describe('clusterAddressRanges', () => {
  it("uses kubeadm's ranges unless the config names the cluster's own", () => {
    expect(clusterAddressRanges(defaultSettings)).toEqual({ pods: ['10.244.0.0/16'], services: ['10.96.0.0/12'] });
    const configured = { ...defaultSettings, podCidrs: ['172.20.0.0/16'], podCidrsChosen: true, serviceCidrs: ['172.21.0.0/16'] };
    expect(clusterAddressRanges(configured)).toEqual({ pods: ['172.20.0.0/16'], services: ['172.21.0.0/16'] });
  });

  it('takes configured pod ranges as the cluster\'s own even when they equal the built-in ones', () => {
    const chosen = { ...defaultSettings, podCidrsChosen: true };
    expect(clusterAddressRanges(chosen).pods).toEqual(defaultSettings.podCidrs);
  });
});
