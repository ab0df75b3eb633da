import { App } from 'cdk8s';
import { Environment, addPolicyCheck } from 'shipshape';
import { buildShop } from './shop';
import { buildMonitoring } from './monitoring';

// The example stack `npm run synth` writes to dist/: one file per chart, one chart per namespace.
const app = new App();

// Production: more replicas, bigger pods, and totals that leave room for autoscaling and rollouts.
const prod = new Environment(app, 'shop-prod', {
  name: 'shop-prod',
  environment: 'prod',
  quota: {
    cpu: { request: '16', limit: '32' },
    memory: { request: '24Gi', limit: '24Gi' },
    pods: 40,
    persistentVolumeClaims: 10,
    storage: '200Gi',
  },
  containerDefaults: { preset: 'small' },
});
buildShop(prod, { replicas: 3, preset: 'medium', host: 'shop.example.com' });

// Development: the same stack, smaller. Two replicas is the floor: the storefront's autoscaler
// needs minReplicas >= 2, and a PodDisruptionBudget needs two pods to mean anything.
const dev = new Environment(app, 'shop-dev', {
  name: 'shop-dev',
  environment: 'dev',
  quota: {
    cpu: { request: '8', limit: '16' },
    memory: { request: '12Gi', limit: '12Gi' },
    pods: 30,
    persistentVolumeClaims: 5,
    storage: '50Gi',
  },
  containerDefaults: { preset: 'micro' },
});
buildShop(dev, { replicas: 2, preset: 'small', host: 'dev.shop.example.com' });

// Cluster-wide log shipping runs in its own Environment (`monitoring`), whose Pod Security level
// is computed from the daemon it holds (privileged for host log access). It is added here from
// apps/monitoring.ts, with the shops' workloads as the connections it needs.
buildMonitoring(new Environment(app, 'monitoring', { name: 'monitoring', environment: 'prod' }));

// Check every object against the policy rules before anything is written: an error finding fails
// synth with the construct path. (The cdk8s.yaml validation plugin checks the written YAML too.)
addPolicyCheck(app);
app.synth();
