import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { serviceFqdn } from '../../core/connection';
import { HEADLESS_SUFFIX, Identity, objectMetadata, selectorLabels } from '../../core/identity';

export { HEADLESS_SUFFIX };

/** The port both Services expose: the engine's, under its name. */
export interface DatabasePort {
  /** The port's name. */
  readonly name: string;
  /** The port number. */
  readonly port: number;
}

/**
 * The headless Service that is the StatefulSet's serviceName: no cluster IP, one DNS record per
 * pod (`<name>-<i>.<name>-headless`). Not-ready pods are published too, so members can find each
 * other while they start (a replica must reach its primary before it turns ready).
 */
export function headlessService(scope: Construct, identity: Identity, port: DatabasePort, id = 'HeadlessService'): k8s.KubeService {
  return new k8s.KubeService(scope, id, {
    metadata: objectMetadata(identity, `${identity.name}${HEADLESS_SUFFIX}`),
    spec: {
      type: 'ClusterIP',
      clusterIp: 'None',
      publishNotReadyAddresses: true,
      selector: selectorLabels(identity),
      ports: [servicePort(port)],
    },
  });
}

/**
 * A regular ClusterIP Service over ready pods, named after the identity: the database's own (its
 * primary's) or its read replicas'.
 */
export function clientService(scope: Construct, identity: Identity, port: DatabasePort, id = 'Service'): k8s.KubeService {
  return new k8s.KubeService(scope, id, {
    metadata: objectMetadata(identity),
    spec: {
      type: 'ClusterIP',
      selector: selectorLabels(identity),
      ports: [servicePort(port)],
    },
  });
}

function servicePort(port: DatabasePort): k8s.ServicePort {
  return { name: port.name, port: port.port, targetPort: k8s.IntOrString.fromString(port.name), protocol: 'TCP' };
}

/** The FQDN of each member: `<name>-<i>.<name>-headless.<namespace>.svc.cluster.local`. */
export function memberFqdns(name: string, namespace: string, replicas: number): string[] {
  return Array.from({ length: replicas }, (_, i) => `${name}-${i}.${serviceFqdn(`${name}${HEADLESS_SUFFIX}`, namespace)}`);
}
