import { arr, obj } from '../../manifests/json';
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

/** Rules on CronJobs, Jobs and NetworkPolicies. */
export const BATCH_NETWORK_RULES: readonly Rule[] = [cronDeadline, restartPolicy, concurrency, jobTtl, networkPolicyTargets];
