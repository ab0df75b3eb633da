import { arr, obj } from '../../manifests/json';
import { Entry } from '../context';
import { Rule } from '../rule';
import { isEmptySelector } from '../../manifests/selectors';

const cronDeadline: Rule = {
  id: 'cronjob-deadline', severity: 'error', sources: ['kube-score'],
  title: 'CronJob sets startingDeadlineSeconds',
  rationale: 'Without a deadline, a controller that missed over 100 schedules stops scheduling the CronJob altogether.',
  fix: 'Set spec.startingDeadlineSeconds (e.g. a fraction of the schedule interval).',
  check: (index, emit) => {
    for (const cron of index.ofKind('CronJob')) {
      if (typeof obj(cron.manifest.spec).startingDeadlineSeconds !== 'number') {
        emit(cron, 'spec.startingDeadlineSeconds is not set', ['spec.startingDeadlineSeconds']);
      }
    }
  },
};

const restartPolicy: Rule = {
  id: 'batch-restart-policy', severity: 'error', sources: ['kube-score', 'Kubernetes'],
  title: 'Job and CronJob pods use restartPolicy OnFailure or Never',
  rationale: 'The API server rejects a Job pod template with restartPolicy Always (the pod default).',
  fix: 'Set the pod template\'s restartPolicy to OnFailure (retry in place) or Never (retry as new pods).',
  check: (index, emit) => {
    for (const job of [...index.ofKind('CronJob'), ...index.ofKind('Job')]) {
      const policy = job.pod!.spec.restartPolicy;
      if (policy !== 'OnFailure' && policy !== 'Never') {
        emit(job, `restartPolicy is ${policy === undefined ? 'unset (Always)' : String(policy)}`, [`${job.pod!.specPath}.restartPolicy`]);
      }
    }
  },
};

const concurrency: Rule = {
  id: 'cronjob-concurrency', severity: 'error', sources: ['Shipshape'],
  title: 'CronJob sets concurrencyPolicy explicitly',
  rationale: 'The default (Allow) starts a new run while the previous one is still going; most jobs are not safe for that.',
  fix: 'Set spec.concurrencyPolicy: Forbid (or Replace, or Allow when runs are independent).',
  check: (index, emit) => {
    for (const cron of index.ofKind('CronJob')) {
      if (obj(cron.manifest.spec).concurrencyPolicy === undefined) emit(cron, 'spec.concurrencyPolicy is not set', ['spec.concurrencyPolicy']);
    }
  },
};

const jobTtl: Rule = {
  id: 'job-ttl', severity: 'error', sources: ['kube-linter'],
  title: 'A standalone Job sets ttlSecondsAfterFinished',
  rationale: 'Finished Jobs and their pods otherwise stay in the cluster forever.',
  fix: 'Set spec.ttlSecondsAfterFinished (CronJobs clean up through their history limits instead).',
  check: (index, emit) => {
    for (const job of index.ofKind('Job')) {
      const owned = arr(job.manifest.metadata?.ownerReferences).length > 0;
      if (!owned && typeof obj(job.manifest.spec).ttlSecondsAfterFinished !== 'number') {
        emit(job, 'spec.ttlSecondsAfterFinished is not set', ['spec.ttlSecondsAfterFinished']);
      }
    }
  },
};

const networkPolicyTargets: Rule = {
  id: 'networkpolicy-selects-pods', severity: 'error', sources: ['kube-score'],
  title: 'A NetworkPolicy selects some pods',
  rationale: 'A policy whose podSelector matches nothing protects nothing, usually because of a label typo.',
  fix: 'Make spec.podSelector match the labels of the pods to protect ({} selects every pod of the namespace).',
  check: (index, emit) => {
    for (const policy of index.ofKind('NetworkPolicy')) {
      const selector = obj(obj(policy.manifest.spec).podSelector);
      if (isEmptySelector(selector)) continue;
      if (index.workloadsSelectedBy(policy.namespace, selector).length === 0) {
        emit(policy, `podSelector ${JSON.stringify(selector)} matches no pod template in namespace ${policy.namespace || '<default>'}`,
          ['spec.podSelector']);
      }
    }
  },
};

/** The directions a NetworkPolicy isolates: its policyTypes, or as Kubernetes defaults them (Ingress, plus Egress when it has egress rules). */
function policyTypes(spec: Record<string, unknown>): string[] {
  const declared = arr(spec.policyTypes).map(String);
  if (declared.length > 0) return declared;
  return spec.egress !== undefined ? ['Ingress', 'Egress'] : ['Ingress'];
}

const podIsolated: Rule = {
  id: 'pod-networkpolicy', severity: 'error', sources: ['kube-score', 'Polaris', 'kube-linter', 'Shipshape'],
  title: 'Every pod is selected by a NetworkPolicy for ingress and one for egress',
  rationale: 'A pod that no NetworkPolicy selects accepts connections from, and opens them to, anything in the cluster.',
  fix: 'Add a NetworkPolicy selecting the pods (a namespace-wide default deny with podSelector {} covers every pod) with policyTypes Ingress and Egress.',
  check: (index, emit) => {
    const isolated = { Ingress: new Set<Entry>(), Egress: new Set<Entry>() };
    for (const policy of index.ofKind('NetworkPolicy')) {
      const spec = obj(policy.manifest.spec);
      const selected = index.workloadsSelectedBy(policy.namespace, obj(spec.podSelector));
      for (const type of policyTypes(spec)) {
        const set = isolated[type as keyof typeof isolated];
        if (set) for (const w of selected) set.add(w);
      }
    }
    for (const w of index.workloads) {
      // Pods on the host network are outside NetworkPolicy's reach; host access is its own rule.
      if (w.pod!.spec.hostNetwork === true) continue;
      const open = (['Ingress', 'Egress'] as const).filter((type) => !isolated[type].has(w));
      if (open.length > 0) {
        emit(w, `no NetworkPolicy in namespace ${w.namespace || '<default>'} selects its pods for ${open.join(' or ')}`, [`${w.pod!.metadataPath}.labels`]);
      }
    }
  },
};

/** Rules on CronJobs, Jobs and NetworkPolicies. */
export const BATCH_NETWORK_RULES: readonly Rule[] = [cronDeadline, restartPolicy, concurrency, jobTtl, networkPolicyTargets, podIsolated];
