import { arr, Json, obj, str } from '../manifests/json';

/** The label the API server sets on every namespace (Kubernetes 1.22+), holding its name. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * A label selector as kubectl writes it: `app=api, tier in (a, b), !legacy`; `(all)` when it has no
 * terms. Keys are sorted, so the same selector always reads the same.
 */
export function describeSelector(selector: Json): string {
  const terms = Object.keys(obj(selector.matchLabels)).sort().map((key) => `${key}=${String(obj(selector.matchLabels)[key])}`);
  for (const e of arr(selector.matchExpressions)) {
    const expression = obj(e);
    const key = str(expression.key) ?? '?';
    const values = arr(expression.values).map(String).join(', ');
    switch (expression.operator) {
      case 'In': terms.push(`${key} in (${values})`); break;
      case 'NotIn': terms.push(`${key} notin (${values})`); break;
      case 'Exists': terms.push(key); break;
      case 'DoesNotExist': terms.push(`!${key}`); break;
      default: terms.push(`${key} ${String(expression.operator)} (${values})`);
    }
  }
  return terms.length > 0 ? terms.join(', ') : '(all)';
}

/**
 * The one namespace a namespaceSelector can select, when it names it by the
 * `kubernetes.io/metadata.name` label (what connections across namespaces write); undefined when
 * it may select any number of namespaces.
 */
export function namespacePinnedBy(selector: Json): string | undefined {
  const byLabel = obj(selector.matchLabels)[NAMESPACE_NAME_LABEL];
  if (typeof byLabel === 'string') return byLabel;
  for (const e of arr(selector.matchExpressions)) {
    const expression = obj(e);
    const values = arr(expression.values);
    if (expression.key === NAMESPACE_NAME_LABEL && expression.operator === 'In' && values.length === 1) return String(values[0]);
  }
  return undefined;
}
