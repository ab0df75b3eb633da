import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { HttpRoute, HttpRouteSpecRulesMatchesPathType } from '../../../imports/gateway.networking.k8s.io';
import { fail } from '../../core/errors';
import { Identity, objectMetadata } from '../../core/identity';
import { isDnsSubdomain } from '../../kube/names';
import { requireDnsLabel, requireDnsSubdomain, requireHttpPath, requireOneOf } from '../../core/validate';

/** An Ingress (networking.k8s.io/v1) for a WebApp. Kubernetes allows changing all of it. */
export interface WebAppIngressProps {
  /** The host name clients use, e.g. 'shop.example.com' (a leading '*.' is allowed). */
  readonly host: string;
  /**
   * The path prefix routed to the app.
   * @default '/'
   */
  readonly path?: string;
  /**
   * How `path` matches.
   * @default 'Prefix'
   */
  readonly pathType?: 'Prefix' | 'Exact' | 'ImplementationSpecific';
  /**
   * The IngressClass that serves it.
   * @default - the cluster's default IngressClass
   */
  readonly ingressClassName?: string;
  /**
   * A Secret (type kubernetes.io/tls) holding the certificate for `host`.
   * @default - no TLS
   */
  readonly tlsSecretName?: string;
  /**
   * Controller-specific annotations.
   * @default - none
   */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** A reference to an existing Gateway that the HTTPRoute attaches to. */
export interface GatewayRef {
  /** The Gateway's name. */
  readonly name: string;
  /**
   * Its namespace.
   * @default - the route's namespace
   */
  readonly namespace?: string;
  /**
   * A listener of the Gateway.
   * @default - all listeners that accept the route
   */
  readonly sectionName?: string;
}

/** A Gateway API HTTPRoute (gateway.networking.k8s.io/v1). Kubernetes allows changing all of it. */
export interface WebAppHttpRouteProps {
  /** The Gateways to attach to (at least one, at most 32). */
  readonly parentRefs: readonly GatewayRef[];
  /**
   * Host names matched against the Host header.
   * @default - every host the Gateway accepts
   */
  readonly hostnames?: readonly string[];
  /**
   * Path prefixes routed to the app.
   * @default ['/']
   */
  readonly pathPrefixes?: readonly string[];
}

/** How a WebApp is exposed beyond its Service. */
export interface ExposureProps {
  /**
   * Expose the app through an Ingress.
   * @default - no Ingress
   */
  readonly ingress?: WebAppIngressProps;
  /**
   * Expose the app through a Gateway API HTTPRoute.
   * @default - no HTTPRoute
   */
  readonly httpRoute?: WebAppHttpRouteProps;
}

/** Creates the Ingress and/or HTTPRoute that route to the app's Service. */
export function exposeWebApp(scope: Construct, identity: Identity, serviceName: string, servicePort: number, props: ExposureProps): void {
  if (props.ingress) {
    const ingress = props.ingress;
    const host = requireHost(scope, 'ingress.host', ingress.host);
    const path = requireHttpPath(scope, 'ingress.path', ingress.path ?? '/');
    const pathType = requireOneOf(scope, 'ingress.pathType', ingress.pathType ?? 'Prefix', ['Prefix', 'Exact', 'ImplementationSpecific']);
    if (ingress.ingressClassName !== undefined) requireDnsSubdomain(scope, 'ingress.ingressClassName', ingress.ingressClassName);
    if (ingress.tlsSecretName !== undefined) requireDnsSubdomain(scope, 'ingress.tlsSecretName', ingress.tlsSecretName);
    new k8s.KubeIngress(scope, 'Ingress', {
      metadata: { ...objectMetadata(identity), ...(ingress.annotations ? { annotations: { ...ingress.annotations } } : {}) },
      spec: {
        ...(ingress.ingressClassName ? { ingressClassName: ingress.ingressClassName } : {}),
        ...(ingress.tlsSecretName ? { tls: [{ hosts: [host], secretName: ingress.tlsSecretName }] } : {}),
        rules: [{
          host,
          http: { paths: [{ path, pathType, backend: { service: { name: serviceName, port: { number: servicePort } } } }] },
        }],
      },
    });
  }
  if (props.httpRoute) {
    const route = props.httpRoute;
    if (!Array.isArray(route.parentRefs) || route.parentRefs.length === 0 || route.parentRefs.length > 32) {
      fail(scope, 'httpRoute.parentRefs', 'from 1 to 32 Gateway references', route.parentRefs);
    }
    const parentRefs = route.parentRefs.map((ref, i) => ({
      group: 'gateway.networking.k8s.io',
      kind: 'Gateway',
      name: requireDnsSubdomain(scope, `httpRoute.parentRefs[${i}].name`, ref.name),
      ...(ref.namespace !== undefined ? { namespace: requireDnsLabel(scope, `httpRoute.parentRefs[${i}].namespace`, ref.namespace) } : {}),
      ...(ref.sectionName !== undefined ? { sectionName: requireDnsSubdomain(scope, `httpRoute.parentRefs[${i}].sectionName`, ref.sectionName) } : {}),
    }));
    const hostnames = (route.hostnames ?? []).map((h, i) => requireHost(scope, `httpRoute.hostnames[${i}]`, h));
    const prefixes = (route.pathPrefixes ?? ['/']).map((p, i) => requireHttpPath(scope, `httpRoute.pathPrefixes[${i}]`, p));
    new HttpRoute(scope, 'HttpRoute', {
      metadata: objectMetadata(identity),
      spec: {
        parentRefs,
        ...(hostnames.length > 0 ? { hostnames } : {}),
        rules: [{
          matches: prefixes.map((value) => ({ path: { type: HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value } })),
          backendRefs: [{ group: '', kind: 'Service', name: serviceName, port: servicePort, weight: 1 }],
        }],
      },
    });
  }
}

function requireHost(scope: Construct, prop: string, host: unknown): string {
  const bare = typeof host === 'string' && host.startsWith('*.') ? host.slice(2) : host;
  if (typeof host !== 'string' || typeof bare !== 'string' || !isDnsSubdomain(bare) || !bare.includes('.')) {
    fail(scope, prop, 'a fully qualified host name such as \'shop.example.com\' (a leading \'*.\' is allowed)', host);
  }
  return host;
}
