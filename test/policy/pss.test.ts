import { checkPodSecurity, requiredPodSecurityLevel } from '../../lib/policy';
import { containerOf, deployment, Doc, pod, podSpecOf } from './fixtures';

const ids = (docs: Doc[], level: 'baseline' | 'restricted' = 'restricted'): string[] =>
  checkPodSecurity(docs, level).map((f) => f.ruleId).sort();

/** One breaking change per control: the failing fixture must trigger exactly that control. */
const violations: [id: string, level: 'baseline' | 'restricted', breakIt: (d: Doc) => void][] = [
  ['pss-host-process', 'baseline', (d) => { podSpecOf(d).securityContext.windowsOptions = { hostProcess: true }; }],
  ['pss-host-namespaces', 'baseline', (d) => { podSpecOf(d).hostPID = true; }],
  ['pss-privileged', 'baseline', (d) => { containerOf(d).securityContext.privileged = true; }],
  ['pss-capabilities', 'baseline', (d) => { containerOf(d).securityContext.capabilities.add = ['SYS_ADMIN']; }],
  ['pss-host-path', 'baseline', (d) => { podSpecOf(d).volumes.push({ name: 'logs', hostPath: { path: '/var/log' } }); }],
  ['pss-host-ports', 'baseline', (d) => { containerOf(d).ports[0].hostPort = 8080; }],
  ['pss-apparmor', 'baseline', (d) => { containerOf(d).securityContext.appArmorProfile = { type: 'Unconfined' }; }],
  ['pss-selinux', 'baseline', (d) => { podSpecOf(d).securityContext.seLinuxOptions = { type: 'spc_t' }; }],
  ['pss-proc-mount', 'baseline', (d) => { containerOf(d).securityContext.procMount = 'Unmasked'; }],
  ['pss-seccomp', 'baseline', (d) => { containerOf(d).securityContext.seccompProfile = { type: 'Unconfined' }; }],
  ['pss-sysctls', 'baseline', (d) => { podSpecOf(d).securityContext.sysctls = [{ name: 'kernel.msgmax', value: '65536' }]; }],
  ['pss-volume-types', 'restricted', (d) => { podSpecOf(d).volumes.push({ name: 'nfs', nfs: { server: 'nfs', path: '/' } }); }],
  ['pss-privilege-escalation', 'restricted', (d) => { delete containerOf(d).securityContext.allowPrivilegeEscalation; }],
  ['pss-run-as-non-root', 'restricted', (d) => { delete podSpecOf(d).securityContext.runAsNonRoot; }],
  ['pss-run-as-user', 'restricted', (d) => { containerOf(d).securityContext.runAsUser = 0; }],
];

describe('Pod Security Standards', () => {
  test('a hardened Deployment and Pod pass restricted', () => {
    expect(ids([deployment(), pod()])).toEqual([]);
  });

  test.each(violations)('%s: the failing fixture triggers exactly that control', (id, level, breakIt) => {
    const d = deployment();
    breakIt(d);
    expect(ids([d])).toEqual([id]);
    // Restricted-only controls are not part of baseline.
    expect(ids([d], 'baseline')).toEqual(level === 'baseline' ? [id] : []);
  });

  test('restricted capabilities: NET_BIND_SERVICE may be added, others may not, and ALL must be dropped', () => {
    const d = deployment();
    containerOf(d).securityContext.capabilities.add = ['NET_BIND_SERVICE'];
    expect(ids([d])).toEqual([]);
    containerOf(d).securityContext.capabilities = { add: ['CHOWN'] };
    const [finding] = checkPodSecurity([d]);
    expect(finding.message).toContain('adds CHOWN and does not drop ALL');
    // CHOWN is in the baseline default set.
    expect(ids([d], 'baseline')).toEqual([]);
  });

  test('restricted seccomp: a container may rely on the pod-level profile, or set its own', () => {
    const d = deployment();
    delete podSpecOf(d).securityContext.seccompProfile;
    expect(ids([d])).toEqual(['pss-seccomp']);
    expect(ids([d], 'baseline')).toEqual([]);
    containerOf(d).securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'web.json' };
    expect(ids([d])).toEqual([]);
  });

  test('runAsNonRoot may be set per container instead of on the pod', () => {
    const d = deployment();
    delete podSpecOf(d).securityContext.runAsNonRoot;
    containerOf(d).securityContext.runAsNonRoot = true;
    expect(ids([d])).toEqual([]);
  });

  test('init and ephemeral containers are checked too', () => {
    const d = deployment();
    podSpecOf(d).initContainers = [{ ...containerOf(d), name: 'migrate', securityContext: { ...containerOf(d).securityContext, privileged: true } }];
    podSpecOf(d).ephemeralContainers = [{ name: 'debug', image: 'busybox:1.36', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }];
    const findings = checkPodSecurity([d]);
    expect(findings.map((f) => f.ruleId)).toEqual(['pss-privileged']);
    expect(findings[0].fields).toEqual(['spec.template.spec.initContainers[0].securityContext.privileged']);
    expect(findings[0].message).toContain('container migrate');
  });

  test('CronJob pod templates are found under jobTemplate', () => {
    const cron: Doc = {
      apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'report', namespace: 'shop' },
      spec: { schedule: '0 * * * *', jobTemplate: { spec: { template: { spec: podSpecOf(deployment()) } } } },
    };
    cron.spec.jobTemplate.spec.template.spec.hostNetwork = true;
    const [finding] = checkPodSecurity([cron]);
    expect(finding).toMatchObject({ ruleId: 'pss-host-namespaces', kind: 'CronJob', name: 'report', namespace: 'shop' });
    expect(finding.fields).toEqual(['spec.jobTemplate.spec.template.spec.hostNetwork']);
  });

  test('AppArmor annotations outside runtime/default and localhost/* fail baseline', () => {
    const p = pod();
    p.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/web': 'unconfined' };
    expect(ids([p], 'baseline')).toEqual(['pss-apparmor']);
    p.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/web': 'localhost/web' };
    expect(ids([p], 'baseline')).toEqual([]);
  });

  test('Windows pods are exempt from the Linux-only restricted controls', () => {
    const d = deployment();
    podSpecOf(d).os = { name: 'windows' };
    delete podSpecOf(d).securityContext.seccompProfile;
    delete containerOf(d).securityContext.allowPrivilegeEscalation;
    delete containerOf(d).securityContext.capabilities;
    expect(ids([d])).toEqual([]);
  });

  test('objects without a pod template are ignored', () => {
    expect(checkPodSecurity([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }])).toEqual([]);
  });
});

describe('requiredPodSecurityLevel', () => {
  test('a hardened pod needs only restricted', () => {
    expect(requiredPodSecurityLevel(podSpecOf(deployment()))).toBe('restricted');
  });

  test('a pod missing only restricted hardening needs baseline', () => {
    const spec = podSpecOf(deployment());
    delete spec.securityContext.runAsNonRoot;
    expect(requiredPodSecurityLevel(spec)).toBe('baseline');
  });

  test('a pod with a hostPath volume needs privileged', () => {
    const spec = podSpecOf(deployment());
    spec.volumes.push({ name: 'proc', hostPath: { path: '/proc' } });
    expect(requiredPodSecurityLevel(spec)).toBe('privileged');
  });

  test('pod metadata annotations count', () => {
    const annotations = { 'container.apparmor.security.beta.kubernetes.io/web': 'unconfined' };
    expect(requiredPodSecurityLevel(podSpecOf(deployment()), { annotations })).toBe('privileged');
  });
});
