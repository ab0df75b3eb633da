import { k8s } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { fail } from './errors';
import { PropSpec, either, integer, text } from './props';
import { requireIntOrPercent } from './validate';

/** The check of a maxSurge or maxUnavailable prop: a number or a percentage string. */
export const ROLLING_BOUND: PropSpec<number | string> = either(integer(), text(), 'an integer or a percentage such as \'25%\'');

/** Validated rolling-update bounds, as Deployments and DaemonSets take them. */
export interface RollingUpdateBounds {
  /** Extra pods allowed during the update. */
  readonly maxSurge: k8s.IntOrString;
  /** Pods allowed to be unavailable during the update. */
  readonly maxUnavailable: k8s.IntOrString;
  /** True when no extra pod may be started during the update. */
  readonly surgeIsZero: boolean;
}

function isZero(value: number | string): boolean {
  return value === 0 || value === '0%';
}

function intOrString(value: number | string): k8s.IntOrString {
  return typeof value === 'number' ? k8s.IntOrString.fromNumber(value) : k8s.IntOrString.fromString(value);
}

/**
 * Validates maxSurge and maxUnavailable (integers or percentages). Kubernetes rejects an update
 * that may neither add nor stop a pod, so both being zero is an error naming `zeroBlame`.
 */
export function rollingUpdateBounds(scope: IConstruct, maxSurge: unknown, maxUnavailable: unknown, zeroBlame: 'maxSurge' | 'maxUnavailable' = 'maxSurge'): RollingUpdateBounds {
  const surge = requireIntOrPercent(scope, 'maxSurge', maxSurge);
  const unavailable = requireIntOrPercent(scope, 'maxUnavailable', maxUnavailable);
  if (isZero(surge) && isZero(unavailable)) {
    const other = zeroBlame === 'maxSurge' ? 'maxUnavailable' : 'maxSurge';
    fail(scope, zeroBlame, `above zero when ${other} is zero`, zeroBlame === 'maxSurge' ? surge : unavailable);
  }
  return { maxSurge: intOrString(surge), maxUnavailable: intOrString(unavailable), surgeIsZero: isZero(surge) };
}
