import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { Access, WebApp } from '../../lib';
import { addPolicyCheck, checkApp, checkManifests, formatReport, suppressRule } from '../../lib/policy';
import { baseline, containerOf, deployment, Doc, find, podSpecOf } from './fixtures';

/** The valid baseline as a chart (construct IDs `kind-name`), with one warning: web has no imagePullPolicy. */
function brokenChart(app: App): Chart {
  const chart = new Chart(app, 'shop');
  for (const doc of baseline()) {
    if (doc.kind === 'Deployment') delete containerOf(doc).imagePullPolicy;
    new ApiObject(chart, `${doc.kind.toLowerCase()}-${doc.metadata.name}`, doc);
  }
  return chart;
}

describe('suppression', () => {
  test('an annotation with a reason moves the finding to the suppressed list, and the report shows the reason', () => {
    const set = baseline();
    const web = find(set, 'Deployment', 'web');
    delete containerOf(web).imagePullPolicy;
    web.metadata.annotations = { 'shipshape.dev/suppress': 'image-pull-policy: the registry re-tags nightly builds' };
    const report = checkManifests(set);
    expect(report.findings).toEqual([]);
    expect(report.suppressed.map((f) => [f.ruleId, f.suppressedReason])).toEqual([['image-pull-policy', 'the registry re-tags nightly builds']]);
    expect(formatReport(report)).toContain('[image-pull-policy] Deployment shop/web: the registry re-tags nightly builds');
  });

  test('a suppression without a reason is not honoured and is an error itself', () => {
    const set = baseline();
    const web = find(set, 'Deployment', 'web');
    delete containerOf(web).imagePullPolicy;
    web.metadata.annotations = { 'shipshape.dev/suppress': 'image-pull-policy:' };
    expect(checkManifests(set).findings.map((f) => f.ruleId)).toEqual(['image-pull-policy', 'suppress-invalid']);
  });

  test('suppressing an unknown rule is an error', () => {
    const set = baseline();
    find(set, 'Deployment', 'web').metadata.annotations = { 'shipshape.dev/suppress': 'no-such-rule: because' };
    expect(checkManifests(set).findings[0].message).toContain('unknown rule no-such-rule');
  });

  test('suppressRule annotates every object under the scope and keeps earlier suppressions', () => {
    const app = Testing.app();
    const chart = brokenChart(app);
    suppressRule(chart, 'image-pull-policy', 'pulled by digest in production');
    suppressRule(chart, 'pdb-present', 'a PDB is managed by the platform team');
    const annotations = Testing.synth(chart).find((d) => d.kind === 'Deployment').metadata.annotations;
    expect(annotations['shipshape.dev/suppress']).toBe('image-pull-policy: pulled by digest in production; pdb-present: a PDB is managed by the platform team');
    expect(checkApp(app).suppressed.map((f) => f.ruleId)).toEqual(['image-pull-policy']);
  });

  test('suppressRule requires a known rule and a reason', () => {
    const chart = brokenChart(Testing.app());
    expect(() => suppressRule(chart, 'image-pull-policy', ' ')).toThrow(/shop: reason must be a non-empty reason/);
    expect(() => suppressRule(chart, 'nope', 'x')).toThrow(/ruleId must be the ID of a Shipshape policy rule/);
  });
});

describe('engine', () => {
  test('pods are checked at their Namespace\'s enforced profile', () => {
    const set = baseline();
    delete podSpecOf(find(set, 'Deployment', 'web')).securityContext.runAsNonRoot;
    expect(checkManifests(set).findings.map((f) => f.ruleId)).toEqual(['pss-run-as-non-root']);
    find(set, 'Namespace').metadata.labels['pod-security.kubernetes.io/enforce'] = 'baseline';
    expect(checkManifests(set).findings).toEqual([]);
  });

  test('without the Namespace in the set, the default profile applies (restricted unless told otherwise)', () => {
    const set = baseline().filter((d) => d.kind !== 'Namespace');
    delete podSpecOf(find(set, 'Deployment', 'web')).securityContext.runAsNonRoot;
    expect(checkManifests(set).errors).toBe(1);
    expect(checkManifests(set, { defaultPodSecurityLevel: 'baseline' }).errors).toBe(0);
  });

  test('findings carry kind, namespace, name and the field paths', () => {
    const set = baseline();
    containerOf(find(set, 'Deployment', 'web')).image = 'ghcr.io/acme/web:latest';
    expect(checkManifests(set).findings).toEqual([expect.objectContaining({
      ruleId: 'image-pinned', severity: 'error', kind: 'Deployment', namespace: 'shop', name: 'web',
      fields: ['spec.template.spec.containers[0].image'],
    })]);
  });

  test('disabled rules do not run', () => {
    const set: Doc[] = baseline();
    delete containerOf(find(set, 'Deployment', 'web')).imagePullPolicy;
    expect(checkManifests(set, { disabledRules: ['image-pull-policy'] }).findings).toEqual([]);
  });

  test('checkApp attaches construct paths', () => {
    const app = Testing.app();
    brokenChart(app);
    const report = checkApp(app);
    expect(report.findings.map((f) => f.constructPath)).toEqual(['shop/deployment-web']);
    expect(formatReport(report)).toContain('WARNING [image-pull-policy] Deployment shop/web (shop/deployment-web)');
  });

  test('addPolicyCheck makes synth fail on an error finding, naming the rule and the construct path', () => {
    const app = Testing.app();
    const chart = brokenChart(app);
    addPolicyCheck(app);
    expect(() => app.synth()).not.toThrow();
    const podSpec = { ...podSpecOf(deployment()), hostPID: true };
    new ApiObject(chart, 'debug', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'debug', namespace: 'shop' }, spec: podSpec });
    expect(() => app.synth()).toThrow(/ERROR {3}\[pss-host-namespaces\] Pod shop\/debug \(shop\/debug\)/);
  });
});

describe('the library passes its own check', () => {
  const web = (chart: Chart, name: string): WebApp => new WebApp(chart, name, { name, image: `ghcr.io/acme/${name}:1.0.0`, port: 8080 });

  test('discovery env of a connection to a workload named like a credential is no finding', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    web(chart, 'storefront').connectTo(web(chart, 'token-service'));
    expect(checkApp(app).findings).toEqual([]);
  });

  test('each unsafe opt-in of Access suppresses the rule it lifts, with the prop as the reason', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    new Access(chart, 'ops-access', {
      workload: web(chart, 'ops'),
      rules: [{ resources: ['pods/exec'], verbs: ['create'] }, { resources: ['secrets'], verbs: 'write' }, { resources: ['*'], verbs: ['get'] }],
      clusterRole: 'cluster-admin',
      unsafeAllowPodExec: true, unsafeAllowSecretWrite: true, unsafeAllowWildcards: true, unsafeClusterAdmin: true,
    });
    const report = checkApp(app);
    expect(report.findings).toEqual([]);
    expect(report.suppressed.map((f) => `${f.kind} ${f.name}: ${f.ruleId}: ${f.suppressedReason}`)).toEqual([
      'Role ops: rbac-wildcard: granted with Access unsafeAllowWildcards',
      'Role ops: rbac-pod-exec: granted with Access unsafeAllowPodExec',
      'Role ops: rbac-secret-write: granted with Access unsafeAllowSecretWrite',
      'RoleBinding ops.cluster-admin: rbac-cluster-admin: granted with Access unsafeClusterAdmin',
    ]);
  });
});

test('a variable set in both env and config.env is refused at construction, as env-duplicate would report it', () => {
  const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
  expect(() => new WebApp(chart, 'web', { name: 'web', image: 'ghcr.io/acme/web:1.0.0', port: 8080, env: { LOG_LEVEL: 'info' }, config: { env: { LOG_LEVEL: 'debug' } } }))
    .toThrow("shop/web: config.env.LOG_LEVEL must be a variable name not set already (env.LOG_LEVEL sets it), got 'LOG_LEVEL'");
});
