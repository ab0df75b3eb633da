import { Construct, IConstruct } from 'constructs';
import { ShipshapeError } from './errors';
import { checkUniqueObjects } from './unique-objects';

const BUILT = new WeakSet<IConstruct>();
const CHECKED_APPS = new WeakSet<IConstruct>();

/** True for a construct of a class marked with {@link shipshapeConstruct} that was built whole. */
export function isShipshapeConstruct(construct: IConstruct): boolean {
  return BUILT.has(construct);
}

function requireScope(scope: unknown, className: string): asserts scope is Construct {
  const isConstruct = typeof scope === 'object' && scope !== null && typeof (scope as Construct).node?.tryFindChild === 'function';
  if (!isConstruct) throw new ShipshapeError(`new ${className}`, 'scope', 'a construct (an App, a Chart or an Environment)', scope);
}

function requireId(scope: Construct, id: unknown): asserts id is string {
  if (typeof id !== 'string' || id === '') throw new ShipshapeError(`${scope.node.path || '<app>'}/<id>`, 'id', 'a non-empty string', id);
}

/** Shipshape's checks of a whole App, as `app.synth()` runs them: every object's identity is unique. */
export function checkAppOutput(app: IConstruct): void {
  checkUniqueObjects(app.node.root, isShipshapeConstruct);
}

/**
 * Makes the App run Shipshape's checks of the whole output when it synthesizes, before anything is
 * written: every object's identity (API group, kind, namespace, name) must be unique. Added once
 * per App, by the first Shipshape construct in it.
 */
export function registerAppChecks(construct: IConstruct): void {
  const root = construct.node.root;
  if (CHECKED_APPS.has(root)) return;
  CHECKED_APPS.add(root);
  root.node.addValidation({ validate: () => { checkAppOutput(root); return []; } });
}

/**
 * Marks a construct class of Shipshape. Its constructor is built whole or not at all: when it
 * throws, whatever it had added to the tree (the construct itself and its children) is removed
 * again, so an app that catches the error and goes on synthesizes no half-built workload. A
 * construct that is built registers the App-wide checks that run at synth.
 */
export function shipshapeConstruct<T extends abstract new (...args: never[]) => Construct>(target: T, _context: ClassDecoratorContext<T>): T {
  const Base = target as unknown as new (...args: unknown[]) => Construct;
  class Whole extends Base {
    constructor(...args: unknown[]) {
      const [scope, id] = args;
      requireScope(scope, target.name);
      requireId(scope, id);
      // Shipshape constructs build everything under themselves, so removing the construct removes
      // all it built. One that was there before (a duplicate id) is not ours to remove.
      const existed = scope.node.tryFindChild(id) !== undefined;
      try {
        super(...args);
      } catch (error) {
        const built = existed ? undefined : scope.node.tryFindChild(id);
        if (built !== undefined) scope.node.tryRemoveChild(built.node.id);
        throw error;
      }
      BUILT.add(this);
      registerAppChecks(this);
    }
  }
  Object.defineProperty(Whole, 'name', { value: target.name });
  return Whole as unknown as T;
}
