import * as path from 'path';
import { loadManifests } from '../manifests/yaml';
import { SourcedManifest } from '../manifests/manifest';
import { CheckOptions, checkManifests, RULES } from './engine';
import { formatReport, summaryLine } from './report';
import { Finding } from './types';

// The slice of cdk8s-cli's validation plugin contract we use (cdk8s-cli/lib/plugins/validation.d.ts),
// declared here so the library does not depend on the CLI package at runtime.

/** A resource violating a rule, as cdk8s-cli expects it. */
export interface PluginViolatingResource {
  /** Resource name; cdk8s-cli maps it to a construct path through its construct metadata. */
  readonly resourceName: string;
  /** Field paths of the violation. */
  readonly locations: readonly string[];
  /** The manifest file holding the resource. */
  readonly manifestPath: string;
}

/** A rule violation, as cdk8s-cli expects it. */
export interface PluginViolation {
  /** Rule name. */
  readonly ruleName: string;
  /** Why the rule matters. */
  readonly recommendation: string;
  /** How to fix it. */
  readonly fix: string;
  /** Resources violating the rule. */
  readonly violatingResources: readonly PluginViolatingResource[];
}

/** What cdk8s-cli hands a validation plugin. */
export interface PluginContext {
  /** Paths of the synthesized manifest files. */
  readonly manifests: readonly string[];
  /** Construct paths of synthesized objects, keyed by object name (cdk8s records one path per name). */
  readonly metadata: { readonly [name: string]: { readonly path: string } };
  /** The report to fill. */
  readonly report: {
    addViolation(violation: PluginViolation): void;
    submit(status: 'success' | 'failure', metadata?: { readonly [key: string]: string }): void;
  };
  /** Where to print. */
  readonly logger: { log(message: string): void };
}

/** Properties of the plugin, from `properties:` of its entry in cdk8s.yaml. */
export type ShipshapeValidationProps = CheckOptions;

/**
 * The cdk8s validation plugin: `cdk8s synth` (hence `npm run synth`) runs the policy engine over
 * what it synthesized, prints the Shipshape report, and fails (exit code 2) on error findings.
 *
 * cdk8s-cli records construct paths by object *name* only, so a path is attached only to objects
 * whose name is unique in the output; for exact paths on every object, also call
 * `addPolicyCheck(app)` in the app.
 */
export class ShipshapeValidation {
  constructor(private readonly props: ShipshapeValidationProps = {}) {}

  /** Runs the check over the synthesized manifests and fills the cdk8s report. */
  public async validate(context: PluginContext): Promise<void> {
    const nameCounts = new Map<string, number>();
    const loaded = loadManifests(context.manifests);
    for (const { manifest } of loaded) {
      const name = manifest.metadata?.name ?? '';
      nameCounts.set(name, (nameCounts.get(name) ?? 0) + 1);
    }
    const unique = (name: string | undefined): boolean => name !== undefined && nameCounts.get(name) === 1;
    const sources: SourcedManifest[] = loaded.map((s) => {
      const name = s.manifest.metadata?.name;
      const constructPath = unique(name) ? context.metadata[name!]?.path : undefined;
      return { ...s, file: s.file ? path.relative(process.cwd(), s.file) : undefined, constructPath };
    });

    const report = checkManifests(sources, this.props);
    context.logger.log(`Shipshape policy check\n\n${formatReport(report)}\n`);

    const errors = report.findings.filter((f) => f.severity === 'error');
    const byRule = new Map<string, Finding[]>();
    for (const f of errors) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
    for (const [ruleId, findings] of byRule) {
      const rule = RULES.find((r) => r.id === ruleId)!;
      context.report.addViolation({
        ruleName: `${ruleId}: ${rule.title}`,
        recommendation: rule.rationale,
        fix: rule.fix,
        violatingResources: findings.map((f) => ({
          // A unique name lets cdk8s-cli print the right construct path; a shared one would print a wrong one.
          resourceName: unique(f.name) ? f.name! : `${f.kind} ${f.namespace ? `${f.namespace}/` : ''}${f.name ?? ''}`,
          locations: [f.message, ...(f.fields ?? [])],
          manifestPath: (f.file ?? '').replace(/#\d+$/, ''),
        })),
      });
    }
    context.report.submit(report.errors > 0 ? 'failure' : 'success', { summary: summaryLine(report) });
  }
}
