import { arr, Json, obj, str } from '../core/pod-template';

type Labels = Readonly<Record<string, string>>;

/** Whether a set-based label selector (`matchLabels` + `matchExpressions`) selects the labels. An empty selector selects everything. */
export function selectorMatches(selector: Json, labels: Labels): boolean {
  return mapSelectorMatches(obj(selector.matchLabels), labels) && arr(selector.matchExpressions).every((e) => expressionMatches(obj(e), labels));
}

/** Whether an equality-only selector (a Service's `spec.selector`, a `matchLabels`) selects the labels. */
export function mapSelectorMatches(selector: Json, labels: Labels): boolean {
  // for…in instead of Object.entries: this runs for every Service/PDB/policy × workload pair.
  for (const key in selector) {
    if (labels[key] !== String(selector[key])) return false;
  }
  return true;
}

function expressionMatches(expression: Json, labels: Labels): boolean {
  const key = str(expression.key) ?? '';
  const values = arr(expression.values).map(String);
  const has = Object.prototype.hasOwnProperty.call(labels, key);
  switch (expression.operator) {
    case 'In': return has && values.includes(labels[key]);
    case 'NotIn': return !has || !values.includes(labels[key]);
    case 'Exists': return has;
    case 'DoesNotExist': return !has;
    default: return false;
  }
}

/** True when the selector has no terms at all (it would select every pod). */
export function isEmptySelector(selector: Json): boolean {
  return Object.keys(obj(selector.matchLabels)).length === 0 && arr(selector.matchExpressions).length === 0;
}
