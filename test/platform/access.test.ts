import { Chart } from 'cdk8s';
import { Access, AccessProps, PermissionProps, Task, WebApp } from '../../lib';
import { expectValidOutput, ofKind, single, synthObjects, testChart, shipshapeErrorOf } from '../support/manifests';
import { BindingShape, DeploymentShape, RoleShape } from '../support/shapes';

function operator(chart: Chart, name = 'operator'): WebApp {
  return new WebApp(chart, name, { name, image: 'ghcr.io/acme/operator:1.0.0', port: 8080 });
}

function grant(props: Partial<ConstructorParameters<typeof Access>[2]>, namespace = 'tools'): Chart {
  const chart = testChart(namespace);
  new Access(chart, 'access', { workload: operator(chart), rules: [{ resources: ['pods'], verbs: 'read' }], ...props });
  return chart;
}

function errorOf(build: () => unknown): string {
  return shipshapeErrorOf(build).message;
}

describe('Access', () => {
  test('renders a Role and RoleBinding for a workload', () => {
    const chart = testChart('tools');
    new Access(chart, 'access', {
      workload: operator(chart),
      rules: [
        { resources: ['pods', 'pods/log'], verbs: 'read' },
        { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'patch'], resourceNames: ['api'] },
      ],
    });
    const objects = synthObjects(chart);
    expectValidOutput(objects);
    expect(ofKind(objects, 'Role').concat(ofKind(objects, 'RoleBinding'))).toMatchSnapshot();
  });

  test('renders the rules exactly as declared, in order', () => {
    const chart = testChart('tools');
    new Access(chart, 'access', {
      workload: operator(chart),
      rules: [
        { resources: ['configmaps'], verbs: 'write' },
        { apiGroups: ['batch'], resources: ['jobs'], verbs: ['create', 'deletecollection'] },
        { resources: ['pods/log'], verbs: ['get'], resourceNames: ['a', 'b'] },
      ],
    });
    expect(single<RoleShape>(synthObjects(chart), 'Role').rules).toEqual([
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
      { apiGroups: ['batch'], resources: ['jobs'], verbs: ['create', 'deletecollection'] },
      { apiGroups: [''], resources: ['pods/log'], verbs: ['get'], resourceNames: ['a', 'b'] },
    ]);
  });

  test('read means get, list and watch in the core group', () => {
    expect(single<RoleShape>(synthObjects(grant({})), 'Role').rules).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
    ]);
  });

  test('names the Role and RoleBinding after the workload, in its namespace, with its labels', () => {
    const objects = synthObjects(grant({}));
    for (const kind of ['Role', 'RoleBinding']) {
      const object = single(objects, kind);
      expect(object.metadata?.name).toBe('operator');
      expect(object.metadata?.namespace).toBe('tools');
      expect(object.metadata?.labels).toMatchObject({ 'app.kubernetes.io/name': 'operator', 'app.kubernetes.io/managed-by': 'shipshape' });
    }
  });

  test('binds the Role to the workload\'s own ServiceAccount', () => {
    const binding = single<BindingShape>(synthObjects(grant({})), 'RoleBinding');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'operator' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'operator', namespace: 'tools' }]);
  });

  test('mounts the ServiceAccount token only once the workload has access', () => {
    const plain = testChart('tools');
    operator(plain);
    expect(single<DeploymentShape>(synthObjects(plain), 'Deployment').spec.template.spec.automountServiceAccountToken).toBe(false);
    expect(single<DeploymentShape>(synthObjects(grant({})), 'Deployment').spec.template.spec.automountServiceAccountToken).toBe(true);
  });

  test('places namespaced objects in the workload\'s namespace wherever the construct sits', () => {
    const app = testChart('tools');
    const elsewhere = new Chart(app.node.scope!, 'rbac', { namespace: 'other' });
    new Access(elsewhere, 'access', { workload: operator(app), rules: [{ resources: ['pods'], verbs: 'read' }] });
    const objects = synthObjects(elsewhere);
    expect(single(objects, 'Role').metadata?.namespace).toBe('tools');
    expect(single(objects, 'RoleBinding').metadata?.namespace).toBe('tools');
  });

  test('clusterWide renders a ClusterRole and ClusterRoleBinding without a namespace, named with it', () => {
    const objects = synthObjects(grant({ clusterWide: true }));
    expectValidOutput(objects);
    expect(ofKind(objects, 'Role')).toEqual([]);
    const role = single<RoleShape>(objects, 'ClusterRole', 'operator.tools');
    expect(role.metadata).not.toHaveProperty('namespace');
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }]);
    const binding = single<BindingShape>(objects, 'ClusterRoleBinding', 'operator.tools');
    expect(binding.metadata).not.toHaveProperty('namespace');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'operator.tools' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'operator', namespace: 'tools' }]);
  });

  test('binds an existing ClusterRole within the namespace', () => {
    const chart = testChart('tools');
    new Access(chart, 'access', { workload: operator(chart), clusterRole: 'view' });
    const objects = synthObjects(chart);
    expectValidOutput(objects);
    expect(ofKind(objects, 'Role')).toEqual([]);
    const binding = single<BindingShape>(objects, 'RoleBinding', 'operator.view');
    expect(binding.metadata?.namespace).toBe('tools');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' });
  });

  test('a second grant for the same workload needs its own name', () => {
    const chart = testChart('tools');
    const workload = operator(chart);
    new Access(chart, 'a', { workload, rules: [{ resources: ['pods'], verbs: 'read' }] });
    new Access(chart, 'b', { workload, name: 'operator-jobs', rules: [{ apiGroups: ['batch'], resources: ['jobs'], verbs: 'write' }] });
    expect(ofKind(synthObjects(chart), 'Role').map((r) => r.metadata?.name)).toEqual(['operator', 'operator-jobs']);
    expect(errorOf(() => new Access(chart, 'c', { workload, rules: [{ resources: ['pods'], verbs: 'read' }] })))
      .toBe('test/c: name must be a name not already used by another Access of \'operator\', got \'operator\'');
  });

  describe('unsafe opt-ins', () => {
    test('pods/exec needs unsafeAllowPodExec', () => {
      const rules = [{ resources: ['pods/exec'], verbs: ['create' as const] }];
      expect(errorOf(() => grant({ rules })))
        .toBe('test/access: rules[0].resources must be a grant without a shell in pods (set unsafeAllowPodExec to allow \'create\' on pods/exec), got ["pods/exec"]');
      expect(single<RoleShape>(synthObjects(grant({ rules, unsafeAllowPodExec: true })), 'Role').rules[0].resources).toEqual(['pods/exec']);
    });

    test('pods/attach needs unsafeAllowPodExec', () => {
      expect(errorOf(() => grant({ rules: [{ resources: ['pods/attach'], verbs: ['create'] }] })))
        .toBe('test/access: rules[0].resources must be a grant without a shell in pods (set unsafeAllowPodExec to allow \'create\' on pods/attach), got ["pods/attach"]');
    });

    test('writing secrets needs unsafeAllowSecretWrite', () => {
      const rules = [{ resources: ['secrets'], verbs: 'write' as const }];
      expect(errorOf(() => grant({ rules })))
        .toBe('test/access: rules[0].resources must be a grant without Secret writes (set unsafeAllowSecretWrite to allow \'create\' on secrets), got ["secrets"]');
      expect(() => grant({ rules, unsafeAllowSecretWrite: true })).not.toThrow();
    });

    test('reading secrets needs no opt-in', () => {
      expect(() => grant({ rules: [{ resources: ['secrets'], verbs: 'read', resourceNames: ['operator-token'] }] })).not.toThrow();
    });

    test('a wildcard resource needs unsafeAllowWildcards', () => {
      const rules = [{ apiGroups: ['apps'], resources: ['*'], verbs: 'read' as const }];
      expect(errorOf(() => grant({ rules })))
        .toBe('test/access: rules[0].resources[0] must be a name without \'*\' (set unsafeAllowWildcards to grant everything), got \'*\'');
      expect(() => grant({ rules, unsafeAllowWildcards: true })).not.toThrow();
    });

    test('a wildcard verb needs unsafeAllowWildcards', () => {
      expect(errorOf(() => grant({ rules: [{ resources: ['configmaps'], verbs: ['*'] }] })))
        .toBe('test/access: rules[0].verbs[0] must be a name without \'*\' (set unsafeAllowWildcards to grant everything), got \'*\'');
    });

    test('a wildcard API group needs unsafeAllowWildcards', () => {
      expect(errorOf(() => grant({ rules: [{ apiGroups: ['*'], resources: ['deployments'], verbs: 'read' }] })))
        .toBe('test/access: rules[0].apiGroups[0] must be a name without \'*\' (set unsafeAllowWildcards to grant everything), got \'*\'');
    });

    test('binding cluster-admin needs unsafeClusterAdmin', () => {
      expect(errorOf(() => grant({ rules: [], clusterRole: 'cluster-admin', clusterWide: true })))
        .toBe('test/access: clusterRole must be a role other than \'cluster-admin\' (set unsafeClusterAdmin to grant full control), got \'cluster-admin\'');
      const objects = synthObjects(grant({ rules: [], clusterRole: 'cluster-admin', clusterWide: true, unsafeClusterAdmin: true }));
      expectValidOutput(objects);
      const binding = single<BindingShape>(objects, 'ClusterRoleBinding', 'operator.tools.cluster-admin');
      expect(binding.roleRef.name).toBe('cluster-admin');
    });
  });

  describe('invalid input', () => {
    test('an unknown verb', () => {
      expect(errorOf(() => grant({ rules: [{ resources: ['pods'], verbs: ['escalate' as 'get'] }] })))
        .toBe('test/access: rules[0].verbs[0] must be one of \'get\', \'list\', \'watch\', \'create\', \'update\', \'patch\', \'delete\', \'deletecollection\', got \'escalate\'');
    });

    test('an empty verb list', () => {
      expect(errorOf(() => grant({ rules: [{ resources: ['pods'], verbs: [] }] })))
        .toBe('test/access: rules[0].verbs must be at least one verb, got []');
    });

    test('a repeated verb', () => {
      expect(errorOf(() => grant({ rules: [{ resources: ['pods'], verbs: ['get', 'get'] }] })))
        .toBe('test/access: rules[0].verbs must be a list without repeats, got ["get","get"]');
    });

    test('an empty resource list', () => {
      expect(errorOf(() => grant({ rules: [{ resources: [], verbs: 'read' }] })))
        .toBe('test/access: rules[0].resources must be at least one resource, got []');
    });

    test('a malformed resource', () => {
      expect(errorOf(() => grant({ rules: [{ resources: ['Pods'], verbs: 'read' }] })))
        .toBe('test/access: rules[0].resources[0] must be a plural lower-case resource such as \'pods\' or \'pods/log\', got \'Pods\'');
    });

    test('a malformed API group', () => {
      expect(errorOf(() => grant({ rules: [{ apiGroups: ['Apps'], resources: ['deployments'], verbs: 'read' }] })))
        .toBe('test/access: rules[0].apiGroups[0] must be an API group such as \'\' (core), \'apps\' or \'batch\', got \'Apps\'');
    });

    test('an empty resourceNames list', () => {
      expect(errorOf(() => grant({ rules: [{ resources: ['pods'], verbs: 'read', resourceNames: [] }] })))
        .toBe('test/access: rules[0].resourceNames must be at least one name (omit it for every object), got []');
    });

    test('no rules and no clusterRole', () => {
      expect(errorOf(() => grant({ rules: [] })))
        .toBe('test/access: rules must be at least one permission (or a clusterRole to bind), got []');
    });

    test('an invalid name', () => {
      expect(errorOf(() => grant({ name: 'Operator_Role' })))
        .toBe('test/access: name must be a DNS-1123 label (lower-case letters, digits and \'-\', starting and ending with a letter or digit, at most 63 characters), got \'Operator_Role\'');
    });

    test('clusterWide for a workload without a namespace', () => {
      const chart = testChart();
      expect(errorOf(() => new Access(chart, 'access', { workload: operator(chart), rules: [{ resources: ['pods'], verbs: 'read' }], clusterWide: true })))
        .toBe('test/access: clusterWide must be false for a workload in a chart without a namespace (a ClusterRoleBinding must name its ServiceAccount\'s namespace), got true');
    });
  });
});

describe('Access: every grant of exec-level, node or credential power needs its opt-in, however it is spelled', () => {
  const chart = (): Chart => testChart('tools');
  const grant = (props: Partial<AccessProps>): Access => {
    const c = chart();
    return new Access(c, 'access', { workload: new Task(c, 'job', { name: 'job', image: 'ghcr.io/acme/job:1.0.0' }), ...props });
  };

  test.each<[string, PermissionProps[], Partial<AccessProps>, string, string, string]>([
    ['nodes/proxy', [{ resources: ['nodes/proxy'], verbs: ['get'] }], {}, 'unsafeAllowPodExec', 'a shell in pods', '\'get\' on nodes/proxy'],
    ['pods/ephemeralcontainers', [{ resources: ['pods/ephemeralcontainers'], verbs: ['patch'] }], {}, 'unsafeAllowPodExec', 'a shell in pods', '\'patch\' on pods/ephemeralcontainers'],
    ['pods/* (every subresource)', [{ resources: ['pods/*'], verbs: ['create'] }], { unsafeAllowWildcards: true }, 'unsafeAllowPodExec', 'a shell in pods', '\'create\' on pods/exec'],
    ['serviceaccounts/token', [{ resources: ['serviceaccounts/token'], verbs: ['create'] }], {}, 'unsafeAllowServiceAccountTokens', 'acting as other ServiceAccounts', '\'create\' on serviceaccounts/token'],
  ])('%s', (_, rules, others, optIn, what, how) => {
    expect(shipshapeErrorOf(() => grant({ rules, ...others })).message).toBe(`test/access: rules[0].resources must be a grant without ${what} (set ${optIn} to allow ${how}), got ${JSON.stringify(rules[0].resources)}`);
    expect(() => grant({ rules, ...others, [optIn]: true })).not.toThrow();
  });

  test('a wildcard grant needs the opt-ins of what it covers, beside unsafeAllowWildcards', () => {
    const rules: PermissionProps[] = [{ resources: ['*'], verbs: ['get'] }];
    expect(shipshapeErrorOf(() => grant({ rules, unsafeAllowWildcards: true })).message)
      .toBe('test/access: rules[0].resources must be a grant without a shell in pods (set unsafeAllowPodExec to allow \'get\' on pods/exec), got ["*"]');
  });

  test.each([false, true])('binding the built-in edit role (clusterWide %s) needs every opt-in of its powers', (clusterWide) => {
    expect(shipshapeErrorOf(() => grant({ clusterRole: 'edit', clusterWide })).message)
      .toBe('test/access: clusterRole must be a role without a shell in pods, Secret writes, acting as other ServiceAccounts (the built-in \'edit\' grants them; set unsafeAllowPodExec and unsafeAllowSecretWrite and unsafeAllowServiceAccountTokens to bind it), got \'edit\'');
    expect(() => grant({ clusterRole: 'edit', clusterWide, unsafeAllowPodExec: true, unsafeAllowSecretWrite: true, unsafeAllowServiceAccountTokens: true })).not.toThrow();
  });

  test('view needs none', () => {
    expect(() => grant({ clusterRole: 'view', clusterWide: true })).not.toThrow();
  });
});
