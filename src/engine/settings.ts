/**
 * Cluster facts netlint cannot read from manifests. Defaults describe a stock cluster; a config
 * file will be able to override them.
 */
import type { Protocol } from './model/ports.js';

export interface DnsSettings {
  /** Namespace of the cluster DNS pods. */
  readonly namespace: string;
  /** Labels of the cluster DNS pods (CoreDNS keeps kube-dns's `k8s-app: kube-dns`). */
  readonly podLabels: Readonly<Record<string, string>>;
  /** Ports the DNS pods serve, with the names CoreDNS's Deployment gives them. */
  readonly ports: readonly { readonly name: string; readonly port: number; readonly protocol: Protocol }[];
}

export interface Settings {
  /** Namespace of namespaced objects without `metadata.namespace` (kubectl's `--namespace`). */
  readonly defaultNamespace: string;
  /**
   * True when the user chose defaultNamespace (`-n`, a setting). Otherwise the model may place
   * namespace-less objects in the input's only namespace instead (ClusterModel.fromDocuments).
   */
  readonly namespaceChosen?: boolean;
  readonly clusterDomain: string;
  readonly dns: DnsSettings;
}

export const defaultSettings: Settings = {
  defaultNamespace: 'default',
  clusterDomain: 'cluster.local',
  dns: {
    namespace: 'kube-system',
    podLabels: { 'k8s-app': 'kube-dns' },
    ports: [
      { name: 'dns', port: 53, protocol: 'UDP' },
      { name: 'dns-tcp', port: 53, protocol: 'TCP' },
    ],
  },
};

/** The settings with the namespace the user chose (`-n`) for objects without one; unchanged without one. */
export function withChosenNamespace(settings: Settings, namespace: string | undefined): Settings {
  return namespace ? { ...settings, defaultNamespace: namespace, namespaceChosen: true } : settings;
}
