/** How bad a finding is: errors fail `npm run synth` and `shipshape check`; warnings are reported only. */
export type Severity = 'error' | 'warning';

import type { PodSecurityLevel } from '../kube/pod-security';
export type { PodSecurityLevel };

/** Where the practice a rule encodes comes from. */
export type RuleSource = 'PSS' | 'kube-score' | 'kube-linter' | 'Polaris' | 'Kubernetes' | 'Shipshape';

/** What a rule is, independent of any object it runs on: the metadata shown in reports and docs. */
export interface RuleInfo {
  /** Short, stable identifier, e.g. `pss-privileged`. Used in suppressions; never renamed. */
  readonly id: string;
  /** Severity of every finding of this rule. */
  readonly severity: Severity;
  /** What the rule checks, in a few words (the docs table's "checks" column). */
  readonly title: string;
  /** One line on why it matters. */
  readonly rationale: string;
  /** One line on how to fix a finding. */
  readonly fix: string;
  /** The standards and linters this rule follows. */
  readonly sources: readonly RuleSource[];
}

/** One problem found on one object. */
export interface Finding {
  /** The rule that produced it. */
  readonly ruleId: string;
  /** The rule's severity. */
  readonly severity: Severity;
  /** What is wrong, naming the offending fields and values. */
  readonly message: string;
  /** Kind of the offending object. */
  readonly kind: string;
  /** Namespace of the offending object, when it has one. */
  readonly namespace?: string;
  /** Name of the offending object. */
  readonly name?: string;
  /** Construct path of the offending object, when checked from a cdk8s App. */
  readonly constructPath?: string;
  /** File (and document index) of the offending object, when checked from YAML. */
  readonly file?: string;
  /** Field paths inside the object that cause the finding, e.g. `spec.template.spec.hostNetwork`. */
  readonly fields?: readonly string[];
  /** Set when the object suppresses this rule: the reason given for the suppression. */
  readonly suppressedReason?: string;
}
