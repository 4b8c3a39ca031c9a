/**
 * Cluster facts netlint cannot read from manifests. Defaults describe a stock cluster; the
 * `cluster` key of .netlintrc.yaml overrides them (config.ts).
 */
import { defaultLimits, type Limits } from './limits.js';
import type { Protocol } from './model/ports.js';

export interface DnsSettings {
  /** Namespace of the cluster DNS pods. */
  readonly namespace: string;
  /** Labels of the cluster DNS pods (CoreDNS keeps kube-dns's `k8s-app: kube-dns`). */
  readonly podLabels: Readonly<Record<string, string>>;
  /** Ports the DNS pods serve, with the names CoreDNS's Deployment gives them. */
  readonly ports: readonly { readonly name: string; readonly port: number; readonly protocol: Protocol }[];
}

/**
 * Where the ingress controller runs (the source of traffic that Ingresses and OpenShift Routes
 * expose). By default an unknown namespace, as np-guard assumes: then only policy peers open to
 * every namespace admit it.
 */
export interface IngressControllerSettings {
  readonly namespace: string;
  readonly podLabels: Readonly<Record<string, string>>;
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
  /**
   * True when the user described the cluster DNS (`cluster.dns`). Otherwise an input for OpenShift
   * (openShiftDns) takes OpenShift's DNS instead of the stock one.
   */
  readonly dnsChosen?: boolean;
  readonly ingressController: IngressControllerSettings;
  /** True when the user said where the ingress controller runs (`cluster.ingressController`). */
  readonly ingressControllerChosen?: boolean;
  /**
   * Namespaces the cluster has that the input may not show, with their labels (beyond the
   * automatic `kubernetes.io/metadata.name`), so namespaceSelectors can be checked against them.
   */
  readonly namespaces: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Namespaces of `namespaces` whose labels netlint supplied for a platform (OpenShift's router's), not the user. */
  readonly platformNamespaces?: readonly string[];
  /** Address ranges pod IPs come from: an ipBlock that keeps them whole is taken to cover pods. */
  readonly podCidrs: readonly string[];
  /**
   * True when the user set podCidrs (`cluster.podCIDRs`), even to the built-in list: only then are
   * they the cluster's own pod range (clusterAddressRanges).
   */
  readonly podCidrsChosen?: boolean;
  /**
   * The Service (ClusterIP) range, which differs by cluster (kubeadm 10.96.0.0/12, others
   * elsewhere): none by default, so only the clusterIPs the input writes are known.
   */
  readonly serviceCidrs: readonly string[];
  /** How much input is read at most (limits.ts); not a cluster fact, but set in the same config. */
  readonly limits: Limits;
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
  ingressController: { namespace: 'ingress-controller-ns', podLabels: {} },
  namespaces: {},
  // The private ranges pod networks are carved from: RFC 1918, the RFC 6598 shared space some
  // CNIs use, and IPv6 unique local addresses.
  podCidrs: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', 'fc00::/7'],
  serviceCidrs: [],
  limits: defaultLimits,
};

/**
 * OpenShift's cluster DNS: the DNS operator's pods in openshift-dns, serving on 5353 (the Service
 * maps 53 to it, and policies see the pods' port), not CoreDNS in kube-system.
 */
export const openShiftDns: DnsSettings = {
  namespace: 'openshift-dns',
  podLabels: { 'dns.operator.openshift.io/daemonset-dns': 'default' },
  ports: [
    { name: 'dns', port: 5353, protocol: 'UDP' },
    { name: 'dns-tcp', port: 5353, protocol: 'TCP' },
  ],
};

/**
 * OpenShift's router: the default IngressController's pods in openshift-ingress. Policies admit
 * it by the namespace labels OpenShift documents for it, `policy-group.network.openshift.io/ingress`
 * (which also matches a router on the host network) and the older
 * `network.openshift.io/policy-group: ingress`.
 */
export const openShiftIngressController: IngressControllerSettings = {
  namespace: 'openshift-ingress',
  podLabels: { 'ingresscontroller.operator.openshift.io/deployment-ingresscontroller': 'default' },
};

export const openShiftIngressNamespaceLabels: Readonly<Record<string, string>> = {
  'network.openshift.io/policy-group': 'ingress',
  'policy-group.network.openshift.io/ingress': '',
};

/**
 * The settings for an input meant for OpenShift: its DNS and its router, where the user did not
 * describe them, and the labels of the router's namespace, where the user did not give them.
 */
export function forOpenShift(given: Settings): Settings {
  const router = given.ingressControllerChosen ? {} : { ingressController: openShiftIngressController };
  const supplied = !Object.hasOwn(given.namespaces, openShiftIngressController.namespace);
  const namespaces = supplied ? { ...given.namespaces, [openShiftIngressController.namespace]: openShiftIngressNamespaceLabels } : given.namespaces;
  const platformNamespaces = supplied ? [...(given.platformNamespaces ?? []), openShiftIngressController.namespace] : given.platformNamespaces;
  return { ...given, ...(given.dnsChosen ? {} : { dns: openShiftDns }), ...router, namespaces, ...(platformNamespaces ? { platformNamespaces } : {}) };
}

/** kubeadm's default pod network (the one flannel's manifest assumes too) and Service range. */
const kubeadmPodCidr = '10.244.0.0/16';
const kubeadmServiceCidr = '10.96.0.0/12';

/**
 * The cluster's own address ranges, for spotting pod and Service addresses written into
 * configuration: the configured `podCIDRs` and `serviceCIDRs`, or kubeadm's defaults where the
 * config names none. (The built-in podCidrs are every private range, right for deciding what an
 * ipBlock covers but far too wide to call an address a pod's.)
 */
export function clusterAddressRanges(settings: Settings): { readonly pods: readonly string[]; readonly services: readonly string[] } {
  return {
    pods: settings.podCidrsChosen ? settings.podCidrs : [kubeadmPodCidr],
    services: settings.serviceCidrs.length > 0 ? settings.serviceCidrs : [kubeadmServiceCidr],
  };
}
