import { App, Chart } from 'cdk8s';
import * as fc from 'fast-check';
import { CronTask, Environment, MonitoringDaemon, ShipshapeError, ShipshapeWorkload, StatefulDatabase, Task, WebApp, Worker } from '../../lib';
import { cronTaskProps, daemonProps, databaseProps, taskProps, webAppProps, workerProps } from '../support/arbitraries';
import { judge, propertyParameters, requireReadable } from '../support/outcome';

// Apps of several random workloads in two namespaces, connected at random. Constructs that throw
// are caught, as an app may catch them, and must leave nothing behind; names may collide. The
// whole app is then refused with a readable ShipshapeError, or its output is applicable.
/* eslint-disable @typescript-eslint/no-explicit-any */
const KINDS: [fc.Arbitrary<Record<string, unknown>>, (scope: Chart, id: string, props: any) => ShipshapeWorkload][] = [
  [webAppProps(), (s, id, p) => new WebApp(s, id, p)],
  [databaseProps(), (s, id, p) => new StatefulDatabase(s, id, p)],
  [cronTaskProps(), (s, id, p) => new CronTask(s, id, p)],
  [taskProps(), (s, id, p) => new Task(s, id, p)],
  [workerProps(), (s, id, p) => new Worker(s, id, p)],
  [daemonProps(), (s, id, p) => new MonitoringDaemon(s, id, p)],
];

const workload = fc.integer({ min: 0, max: KINDS.length - 1 }).chain((kind) => fc.tuple(fc.constant(kind), KINDS[kind][0], fc.boolean()));
const connection = fc.tuple(fc.nat(), fc.nat(), fc.option(fc.constantFrom('DB', 'API', 'x', ''), { nil: undefined }));

/** Runs `step`; a ShipshapeError it throws is caught (and must read well), as an app may catch it. */
function caught<T>(step: () => T): T | undefined {
  try {
    return step();
  } catch (error) {
    if (!(error instanceof ShipshapeError)) throw error;
    requireReadable(error);
    return undefined;
  }
}

test('random apps are refused with a ShipshapeError or synthesize applicable output', () => {
  const outcomes = { rejected: 0, accepted: 0 };
  fc.assert(fc.property(fc.array(workload, { minLength: 2, maxLength: 4 }), fc.array(connection, { maxLength: 3 }), (workloads, connections) => {
    outcomes[judge((app: App) => {
      const charts = [new Environment(app, 'shop', { name: 'shop', environment: 'prod' }), new Environment(app, 'data', { name: 'data', environment: 'prod' })];
      const built = workloads.map(([kind, props, second], i) => caught(() => KINDS[kind][1](charts[second ? 1 : 0], `w${i}`, props)))
        .filter((w): w is ShipshapeWorkload => w !== undefined);
      for (const [from, to, envPrefix] of connections) {
        if (built.length === 0) break;
        const source = built[from % built.length];
        const target = built[to % built.length];
        caught(() => source.connectTo(target as any, envPrefix === undefined ? {} : { envPrefix }));
      }
    })]++;
  }), propertyParameters(100));
  // Both sides are explored: apps that build whole and apps that do not.
  expect(outcomes.accepted).toBeGreaterThan(0);
  expect(outcomes.rejected).toBeGreaterThan(0);
});
