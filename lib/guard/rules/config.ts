import { GuardContext, ObjectPair } from '../context';
import { diffValues, fieldAt } from '../diff';

const DATA_FIELDS = ['data', 'binaryData', 'stringData'];

/** An immutable ConfigMap or Secret keeps its data forever, and cannot be made mutable again. */
export function checkImmutableData(ctx: GuardContext, pair: ObjectPair): void {
  if (fieldAt(pair.before.manifest, 'immutable') !== true) return;
  const kind = pair.before.manifest.kind;
  const stillImmutable = fieldAt(pair.after.manifest, 'immutable') === true;
  if (!stillImmutable) {
    ctx.reportChange(pair, {
      rule: 'immutable-data', path: 'immutable', before: true, after: fieldAt(pair.after.manifest, 'immutable'),
      message: `${kind} was marked immutable: the mark cannot be removed`,
    });
  }
  for (const field of DATA_FIELDS) {
    for (const change of diffValues(fieldAt(pair.before.manifest, field), fieldAt(pair.after.manifest, field), field, [field])) {
      ctx.reportChange(pair, {
        rule: 'immutable-data', path: change.path,
        // Secret values are not echoed into CI logs.
        before: kind === 'Secret' ? (change.before === undefined ? undefined : '(hidden)') : change.before,
        after: kind === 'Secret' ? (change.after === undefined ? undefined : '(hidden)') : change.after,
        message: `${kind} is immutable: its data cannot change`,
      });
    }
  }
}

/** A binding's roleRef is fixed at creation. */
export function checkRoleRef(ctx: GuardContext, pair: ObjectPair): void {
  for (const change of diffValues(fieldAt(pair.before.manifest, 'roleRef'), fieldAt(pair.after.manifest, 'roleRef'), 'roleRef', ['roleRef'])) {
    ctx.reportChange(pair, {
      rule: 'role-ref', path: change.path, before: change.before, after: change.after,
      message: `${pair.before.manifest.kind} roleRef changed: the API server rejects the update (field is immutable)`,
    });
  }
}

/** A Secret's type is fixed at creation; an absent type is stored as Opaque. */
export function checkSecretType(ctx: GuardContext, pair: ObjectPair): void {
  const before = fieldAt(pair.before.manifest, 'type') ?? 'Opaque';
  const after = fieldAt(pair.after.manifest, 'type') ?? 'Opaque';
  if (before === after) return;
  ctx.reportChange(pair, {
    rule: 'secret-type', path: 'type', before, after,
    message: 'Secret type changed: the API server rejects the update (field is immutable)',
  });
}
