import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { HttpRoute, HttpRouteSpecRulesMatchesPathType } from '../../../imports/gateway.networking.k8s.io';
import { fail } from '../../core/errors';
import { Identity, objectMetadata } from '../../core/identity';
import { MAX_ROUTE_HOSTNAMES, MAX_ROUTE_MATCHES, MAX_ROUTE_PARENTS, MAX_ROUTE_PATH_LENGTH, hostNameProblem, ingressPathProblem, routePathProblem } from '../../kube/http';
import { defineProps, list, map, optional, required, shape, text, texts } from '../../core/props';
import { requireAnnotations, requireDnsLabel, requireDnsSubdomain, requireOneOf } from '../../core/validate';

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
   * Host names matched against the Host header (at most 16; a leading '*.' matches subdomains).
   * @default - every host the Gateway accepts
   */
  readonly hostnames?: readonly string[];
  /**
   * Path prefixes routed to the app (at most 64), in URL path characters: percent-encode others.
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

/** The table of {@link WebAppIngressProps}. */
export const WEB_APP_INGRESS_PROPS = defineProps<WebAppIngressProps>('WebAppIngressProps', {
  host: required(text()),
  path: optional(text()),
  pathType: optional(text()),
  ingressClassName: optional(text()),
  tlsSecretName: optional(text()),
  annotations: optional(map(text(), '{ \'nginx.ingress.kubernetes.io/proxy-body-size\': \'8m\' }')),
});

/** The table of {@link GatewayRef}. */
export const GATEWAY_REF_PROPS = defineProps<GatewayRef>('GatewayRef', {
  name: required(text()),
  namespace: optional(text()),
  sectionName: optional(text()),
});

/** The table of {@link WebAppHttpRouteProps}. */
export const WEB_APP_HTTP_ROUTE_PROPS = defineProps<WebAppHttpRouteProps>('WebAppHttpRouteProps', {
  parentRefs: required(list(shape(GATEWAY_REF_PROPS))),
  hostnames: optional(texts()),
  pathPrefixes: optional(texts()),
});

/** The table of {@link ExposureProps}. */
export const EXPOSURE_PROPS = defineProps<ExposureProps>('ExposureProps', {
  ingress: optional(shape(WEB_APP_INGRESS_PROPS)),
  httpRoute: optional(shape(WEB_APP_HTTP_ROUTE_PROPS)),
});

/** Creates the Ingress and/or HTTPRoute that route to the app's Service. */
export function exposeWebApp(scope: Construct, identity: Identity, serviceName: string, servicePort: number, props: ExposureProps): void {
  if (props.ingress) {
    const ingress = props.ingress;
    const host = requireHost(scope, 'ingress.host', ingress.host);
    const pathType = requireOneOf(scope, 'ingress.pathType', ingress.pathType ?? 'Prefix', ['Prefix', 'Exact', 'ImplementationSpecific']);
    const path = ingress.path ?? '/';
    const pathProblem = ingressPathProblem(path, pathType);
    if (pathProblem !== undefined) {
      fail(scope, 'ingress.path', `a path starting with '/'${pathType === 'ImplementationSpecific' ? '' : ', without \'//\', \'/./\', \'/../\' or an encoded \'/\', not ending in \'/.\' or \'/..\''} (this one ${pathProblem})`, path);
    }
    if (ingress.annotations !== undefined) requireAnnotations(scope, 'ingress.annotations', ingress.annotations);
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
    if (route.parentRefs.length === 0 || route.parentRefs.length > MAX_ROUTE_PARENTS) {
      fail(scope, 'httpRoute.parentRefs', `from 1 to ${MAX_ROUTE_PARENTS} Gateway references`, route.parentRefs);
    }
    const parentRefs = route.parentRefs.map((ref, i) => ({
      group: 'gateway.networking.k8s.io',
      kind: 'Gateway',
      name: requireDnsSubdomain(scope, `httpRoute.parentRefs[${i}].name`, ref.name),
      ...(ref.namespace !== undefined ? { namespace: requireDnsLabel(scope, `httpRoute.parentRefs[${i}].namespace`, ref.namespace) } : {}),
      ...(ref.sectionName !== undefined ? { sectionName: requireDnsSubdomain(scope, `httpRoute.parentRefs[${i}].sectionName`, ref.sectionName) } : {}),
    }));
    if ((route.hostnames ?? []).length > MAX_ROUTE_HOSTNAMES) fail(scope, 'httpRoute.hostnames', `at most ${MAX_ROUTE_HOSTNAMES} host names`, route.hostnames);
    const hostnames = (route.hostnames ?? []).map((h, i) => requireHost(scope, `httpRoute.hostnames[${i}]`, h));
    const prefixes = route.pathPrefixes ?? ['/'];
    if (prefixes.length === 0 || prefixes.length > MAX_ROUTE_MATCHES) fail(scope, 'httpRoute.pathPrefixes', `from 1 to ${MAX_ROUTE_MATCHES} path prefixes`, prefixes);
    prefixes.forEach((prefix, i) => {
      const problem = routePathProblem(prefix);
      if (problem !== undefined) {
        fail(scope, `httpRoute.pathPrefixes[${i}]`, `a path starting with '/', of URL path characters (percent-encode others), without '//', '/./', '/../', '#' or an encoded '/', not ending in '/.' or '/..', at most ${MAX_ROUTE_PATH_LENGTH} characters (this one ${problem})`, prefix);
      }
    });
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
  // A single label ('localhost') is a valid DNS name but no host a client outside reaches.
  if (typeof host !== 'string' || hostNameProblem(host) !== undefined || !host.replace(/^\*\./, '').includes('.')) {
    fail(scope, prop, 'a fully qualified host name such as \'shop.example.com\', not an IP address (a leading \'*.\' is allowed)', host);
  }
  return host;
}
