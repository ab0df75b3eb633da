/** A Pod Security Standards level, from most to least strict. */
export type PodSecurityLevel = 'restricted' | 'baseline' | 'privileged';

/** The Namespace labels through which Pod Security Admission enforces, audits and warns about a level. */
export const PSA_LABELS = {
  enforce: 'pod-security.kubernetes.io/enforce',
  audit: 'pod-security.kubernetes.io/audit',
  warn: 'pod-security.kubernetes.io/warn',
} as const;

const LEVEL_ORDER: readonly PodSecurityLevel[] = ['restricted', 'baseline', 'privileged'];

/** The more permissive of the given levels ('restricted' for none). */
export function mostPermissiveLevel(levels: Iterable<PodSecurityLevel>): PodSecurityLevel {
  let worst = 0;
  for (const level of levels) worst = Math.max(worst, LEVEL_ORDER.indexOf(level));
  return LEVEL_ORDER[worst];
}

/** Parses a PSA label value; unknown or missing values give undefined. */
export function parsePodSecurityLevel(value: unknown): PodSecurityLevel | undefined {
  return value === 'privileged' || value === 'baseline' || value === 'restricted' ? value : undefined;
}
