import * as fc from 'fast-check';
import {
  accessProps, appSecretProps, claimProps, cronTaskProps, daemonProps, databaseProps, environmentProps, taskProps, webAppProps, workerProps,
} from '../support/arbitraries';
import { BUILDERS, judge, propertyParameters } from '../support/outcome';

// Random props of the declared types, built into an app: whatever a construct accepts must be
// applicable (the schema and the policy check, Pod Security included, pass it); whatever it
// refuses, it refuses with a readable ShipshapeError. The seed of a failing run is in the message
// (replay with FC_SEED=<seed>).
const ARBITRARIES = {
  WebApp: webAppProps(),
  StatefulDatabase: databaseProps(),
  CronTask: cronTaskProps(),
  Task: taskProps(),
  Worker: workerProps(),
  MonitoringDaemon: daemonProps(),
  Access: accessProps(),
  Environment: environmentProps(),
  AppSecret: appSecretProps(),
  PersistentClaim: claimProps(),
};

describe.each(Object.entries(ARBITRARIES))('%s from random type-valid props', (construct, props) => {
  test('is refused with a ShipshapeError or accepted as applicable output', () => {
    const outcomes = { rejected: 0, accepted: 0 };
    fc.assert(fc.property(props, fc.boolean(), (p, inEnvironment) => {
      outcomes[judge((app) => BUILDERS[construct](app, p, inEnvironment))]++;
    }), propertyParameters(100));
    // Both sides are explored: random props that are all valid, and some that are not.
    expect(outcomes.rejected).toBeGreaterThan(0);
    expect(outcomes.accepted).toBeGreaterThan(0);
  });
});
