import { GuardContext, ObjectPair, specField } from '../context';
import { diffValues, fieldAt } from '../diff';

const CONTAINER_LISTS = { initContainers: 'init containers', containers: 'containers' } as const;

function containerNames(pair: ObjectPair, side: 'before' | 'after', list: string): string[] {
  const containers = specField(pair, side, 'template', 'spec', list);
  return Array.isArray(containers) ? containers.map((c, i) => String(fieldAt(c, 'name') ?? `#${i}`)) : [];
}

function listChange(before: readonly string[], after: readonly string[]): string {
  const added = after.filter((name) => !before.includes(name));
  const removed = before.filter((name) => !after.includes(name));
  const parts = [...(added.length > 0 ? [`added ${added.join(', ')}`] : []), ...(removed.length > 0 ? [`removed ${removed.join(', ')}`] : [])];
  return parts.length > 0 ? parts.join('; ') : 'reordered';
}

/**
 * A Job's pod template is immutable (CronJob jobTemplates are not: they only shape future Jobs).
 * A changed set of containers (an init container or sidecar added, removed or reordered) is one
 * finding for its list, rather than a finding per field of the containers that moved.
 */
export function checkJobTemplate(ctx: GuardContext, pair: ObjectPair): void {
  const changedLists = new Set<string>();
  for (const [list, label] of Object.entries(CONTAINER_LISTS)) {
    const before = containerNames(pair, 'before', list);
    const after = containerNames(pair, 'after', list);
    if (before.join('\u0000') === after.join('\u0000')) continue;
    changedLists.add(list);
    ctx.reportChange(pair, {
      rule: 'job-template', path: `spec.template.spec.${list}`,
      before: before.length > 0 ? before : undefined, after: after.length > 0 ? after : undefined,
      message: `Job ${label} changed (${listChange(before, after)}): the API server rejects the update (the pod template is immutable)`,
    });
  }
  for (const change of diffValues(specField(pair, 'before', 'template'), specField(pair, 'after', 'template'), 'spec.template', ['spec', 'template'])) {
    if (changedLists.has(String(change.keys[3]))) continue;
    ctx.reportChange(pair, {
      rule: 'job-template', path: change.path, before: change.before, after: change.after,
      message: 'Job pod template changed: the API server rejects the update (field is immutable)',
    });
  }
}

const UNSET = '(unset: no fixed count)';

/**
 * The completions the API server stores: as written; else 1 when parallelism is unset too (the
 * API defaults both to 1); else none, a work-queue Job that completes when any pod succeeds.
 */
function storedCompletions(pair: ObjectPair, side: 'before' | 'after'): number | typeof UNSET {
  const completions = specField(pair, side, 'completions');
  if (typeof completions === 'number') return completions;
  return specField(pair, side, 'parallelism') === undefined ? 1 : UNSET;
}

function written(pair: ObjectPair, side: 'before' | 'after', field: string): boolean {
  return specField(pair, side, field) !== undefined;
}

function completionsMessage(pair: ObjectPair, before: number | typeof UNSET): string {
  if (written(pair, 'before', 'completions') || written(pair, 'after', 'completions')) {
    return 'Job completions changed: the API server rejects the update (field is immutable; only an Indexed Job may change it, to the same value as parallelism)';
  }
  // Neither side writes completions: only parallelism moved, and with it the default.
  return before === 1
    ? 'Job parallelism set while completions stays unset: the API server stored completions 1 at creation and the manifest now asks for no fixed count; '
      + 'kubectl replace is rejected (field is immutable) and kubectl apply keeps completions 1, so the Job does not run as written'
    : 'Job parallelism removed while completions stays unset: the API server then defaults completions to 1, which the Job stored as no fixed count, '
      + 'so the update is rejected (field is immutable)';
}

/**
 * completions cannot change, except on an Indexed Job together with parallelism (elastic
 * Indexed Jobs, stable since Kubernetes 1.31). A change of the defaulted value counts: a Job
 * written without either field stores completions 1, so setting only parallelism later asks for
 * "no fixed count": `kubectl replace` is refused, `kubectl apply` silently keeps the 1.
 */
function checkCompletions(ctx: GuardContext, pair: ObjectPair): void {
  const before = storedCompletions(pair, 'before');
  const after = storedCompletions(pair, 'after');
  if (before === after) return;
  const indexed = specField(pair, 'after', 'completionMode') === 'Indexed';
  if (indexed && typeof after === 'number' && after === specField(pair, 'after', 'parallelism')) return;
  ctx.reportChange(pair, {
    rule: 'job-spec', path: 'spec.completions', before, after,
    message: completionsMessage(pair, before),
  });
}

// Fields of a Job spec fixed at creation besides selector, template and completions, with the
// value the API server stores when the field is absent (none: absent and any value differ).
const FIXED_FIELDS: readonly [string, unknown][] = [
  ['completionMode', 'NonIndexed'],
  ['podFailurePolicy', undefined],
  ['backoffLimitPerIndex', undefined],
  ['successPolicy', undefined],
  ['managedBy', undefined],
];

/** A pod failure policy as stored: each onPodConditions pattern's status defaults to True. */
function storedPodFailurePolicy(value: unknown): unknown {
  const rules = fieldAt(value, 'rules');
  if (!Array.isArray(rules)) return value;
  return {
    ...(value as object),
    rules: rules.map((rule) => {
      const patterns = fieldAt(rule, 'onPodConditions');
      return Array.isArray(patterns)
        ? { ...(rule as object), onPodConditions: patterns.map((p) => ({ status: 'True', ...(p as object) })) }
        : rule;
    }),
  };
}

/** completions, completionMode, podFailurePolicy, backoffLimitPerIndex, successPolicy and managedBy are immutable. */
export function checkJobSpec(ctx: GuardContext, pair: ObjectPair): void {
  checkCompletions(ctx, pair);
  for (const [field, fallback] of FIXED_FIELDS) {
    const stored = (side: 'before' | 'after'): unknown => {
      const value = specField(pair, side, field) ?? fallback;
      return field === 'podFailurePolicy' ? storedPodFailurePolicy(value) : value;
    };
    for (const change of diffValues(stored('before'), stored('after'), `spec.${field}`, ['spec', field])) {
      ctx.reportChange(pair, {
        rule: 'job-spec', path: change.path, before: change.before, after: change.after,
        message: `Job ${field} changed: the API server rejects the update (field is immutable)`,
      });
    }
  }
}
