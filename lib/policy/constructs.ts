import { ApiObject, App } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ShipshapeError } from '../core/errors';
import { CheckOptions, checkApp, isKnownRule } from './engine';
import { formatReport } from './report';
import { formatSuppressions, parseSuppressions } from '../kube/suppressions';
import { SUPPRESS_ANNOTATION } from '../kube/vocabulary';

/**
 * Suppresses a policy rule on every Kubernetes object under `scope` (or `scope` itself), with a
 * mandatory reason that reports show. Recorded as the `shipshape.dev/suppress` annotation, so the
 * synth-time plugin and `shipshape check` on the written YAML honour it too.
 *
 * Call it after the objects exist (after constructing `scope`): objects added later are not covered.
 *
 * @param scope a construct; every ApiObject in its subtree is annotated
 * @param ruleId the rule to suppress, e.g. `image-pull-policy`
 * @param reason why the rule does not apply here; required, and may not contain `;`
 */
export function suppressRule(scope: IConstruct, ruleId: string, reason: string): void {
  const path = scope.node.path || '<app>';
  if (!isKnownRule(ruleId)) throw new ShipshapeError(path, 'ruleId', 'the ID of a Shipshape policy rule', ruleId);
  const trimmed = typeof reason === 'string' ? reason.trim() : '';
  if (trimmed === '' || trimmed.includes(';')) throw new ShipshapeError(path, 'reason', 'a non-empty reason without \';\'', reason);
  const objects = scope.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c));
  if (objects.length === 0) throw new ShipshapeError(path, 'scope', 'a construct containing Kubernetes objects', 'a construct with none');
  for (const obj of objects) {
    const current = (obj.metadata.toJson() as { annotations?: Record<string, string> }).annotations;
    const reasons = new Map(parseSuppressions(current).reasons);
    reasons.set(ruleId, trimmed);
    obj.metadata.addAnnotation(SUPPRESS_ANNOTATION, formatSuppressions(reasons));
  }
}

// Apps whose policy check runs elsewhere in this process (`shipshape synth` checks every app
// itself, with the options addPolicyCheck was given), so the validation does not check twice.
const checkedBySynth = new WeakSet<App>();
const checkOptions = new WeakMap<App, CheckOptions>();

/**
 * Makes `app.synth()` run the policy check first: when any error finding remains, synth throws
 * with the readable report (construct paths included) and writes nothing. Warnings do not fail
 * synth; the cdk8s validation plugin and `shipshape check` report them. `shipshape synth` runs
 * this check for every app, with these options when the app gives them.
 */
export function addPolicyCheck(app: App, options: CheckOptions = {}): void {
  checkOptions.set(app, options);
  app.node.addValidation({
    validate: () => {
      if (checkedBySynth.has(app)) return [];
      const report = checkApp(app, options);
      return report.errors > 0 ? [`policy check failed:\n${formatReport(report)}`] : [];
    },
  });
}

/**
 * For `shipshape synth`, which checks every app itself: the options the app passed to
 * {@link addPolicyCheck} (or none), and the app's own check turned off so it does not run twice.
 * @internal
 */
export function takeOverPolicyCheck(app: App): CheckOptions {
  checkedBySynth.add(app);
  return checkOptions.get(app) ?? {};
}
