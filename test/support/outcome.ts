import { App, Chart, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { Access, AppSecret, CronTask, DuplicateObjectError, Environment, MonitoringDaemon, PersistentClaim, ShipshapeError, ShipshapeWorkload, StatefulDatabase, Task, WebApp, Worker } from '../../lib';
import { mostPermissiveLevel } from '../../lib/kube/pod-security';
import { checkManifests } from '../../lib/policy';
import { synthManifests } from '../../lib/testing';
import { schemaErrors } from './manifests';

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * fast-check settings for the property tests: FC_SEED replays a run (the seed is printed with
 * every failure), FC_RUNS sets how many cases each property tries.
 */
export function propertyParameters(defaultRuns: number): fc.Parameters<unknown> {
  return {
    numRuns: Number(process.env.FC_RUNS ?? defaultRuns),
    ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}),
  };
}

/** Throws unless a ShipshapeError's message is readable: short, one line, no raw control characters. */
export function requireReadable(error: ShipshapeError): void {
  // A DuplicateObjectError puts each set of colliding objects on a line of its own.
  const text = error instanceof DuplicateObjectError ? error.message.replace(/\n {2}/g, ' ') : error.message;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/.test(text)) throw new Error(`raw control characters in: ${JSON.stringify(error.message)}`);
  if (error.message.length > 1200) throw new Error(`a message of ${error.message.length} characters: ${error.message.slice(0, 300)}…`);
}

/**
 * Builds an app and judges the outcome: either a readable ShipshapeError (at construction or at
 * synth), or output every object of which passes the Kubernetes schema and the policy check, Pod
 * Security included at the level the workloads declare. Any other error fails.
 */
export function judge(build: (app: App) => void): 'rejected' | 'accepted' {
  const app = Testing.app();
  let objects;
  try {
    build(app);
    objects = synthManifests(app);
  } catch (error) {
    if (error instanceof ShipshapeError) {
      requireReadable(error);
      return 'rejected';
    }
    throw error;
  }
  const schema = objects.flatMap(schemaErrors);
  if (schema.length > 0) throw new Error(`accepted, but the schema rejects it: ${schema.join('; ')}`);
  const workloads = app.node.findAll().filter((c): c is ShipshapeWorkload => c instanceof ShipshapeWorkload);
  const level = mostPermissiveLevel(workloads.map((w) => w.podSecurityLevel));
  const report = checkManifests(objects, { defaultPodSecurityLevel: level });
  const errors = report.findings.filter((f) => f.severity === 'error').map((f) => `${f.ruleId} ${f.kind} ${f.name}: ${f.message}`);
  if (errors.length > 0) throw new Error(`accepted, but the policy check rejects it: ${errors.join('; ')}`);
  return 'accepted';
}

/** Where a construct is built: in an Environment, or a plain Chart with a namespace. */
export function place(app: App, inEnvironment: boolean): Chart {
  return inEnvironment ? new Environment(app, 'env', { name: 'shop', environment: 'prod' }) : new Chart(app, 'chart', { namespace: 'shop' });
}

/** How each construct is built from props, in a chart of the given app. */
export const BUILDERS: Readonly<Record<string, (app: App, props: any, inEnvironment: boolean) => void>> = {
  WebApp: (app, props, env) => { new WebApp(place(app, env), 'c', props); },
  StatefulDatabase: (app, props, env) => { new StatefulDatabase(place(app, env), 'c', props); },
  CronTask: (app, props, env) => { new CronTask(place(app, env), 'c', props); },
  Task: (app, props, env) => { new Task(place(app, env), 'c', props); },
  Worker: (app, props, env) => { new Worker(place(app, env), 'c', props); },
  MonitoringDaemon: (app, props, env) => { new MonitoringDaemon(place(app, env), 'c', props); },
  Access: (app, props, env) => {
    const chart = place(app, env);
    new Access(chart, 'c', { workload: new Task(chart, 'job', { name: 'job', image: 'ghcr.io/acme/job:1.0.0' }), ...props });
  },
  Environment: (app, props) => { new WebApp(new Environment(app, 'c', props), 'api', { name: 'api', image: 'ghcr.io/acme/api:1.4.2', port: 8080 }); },
  AppSecret: (app, props, env) => { new AppSecret(place(app, env), 'c', props); },
  PersistentClaim: (app, props, env) => { new PersistentClaim(place(app, env), 'c', props); },
};
