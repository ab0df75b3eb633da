import { arr, Json, obj, str } from './json';

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

/**
 * Whether a Service selector (a plain label map) selects a pod with these labels. A Service without
 * a selector selects nothing: its endpoints are managed by hand.
 */
export function serviceSelectorMatches(selector: unknown, labels: Labels): boolean {
  const map = obj(selector);
  return Object.keys(map).length > 0 && mapSelectorMatches(map, labels);
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
