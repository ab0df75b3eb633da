// Scale benchmark, our side: N WebApps and one StatefulDatabase per ten apps in one App, every
// app connected to its database, synthesized to YAML in memory. Prints one JSON line
// (ScaleResult). Run: node -r ./bin/register.js bench/scale.ts 1000
import { performance } from 'perf_hooks';
import { App, Chart } from 'cdk8s';
import { StatefulDatabase, WebApp } from '../lib';
import { countDocuments, FLEET_NAMESPACE, fleet, fleetSizeFromArgs, ScaleResult } from './fleet';

/** Builds the fleet with Shipshape constructs. */
export function buildFleet(app: App, n: number, release = 0): void {
  const chart = new Chart(app, 'fleet', { namespace: FLEET_NAMESPACE });
  const { apps, databases } = fleet(n, release);
  const byName = new Map<string, StatefulDatabase>();
  for (const spec of databases) {
    byName.set(spec.name, new StatefulDatabase(chart, spec.name, {
      name: spec.name,
      partOf: 'fleet',
      engine: 'postgres',
      image: spec.image,
      credentials: { secret: spec.credentialsSecret },
    }));
  }
  for (const spec of apps) {
    const web = new WebApp(chart, spec.name, {
      name: spec.name,
      partOf: 'fleet',
      image: spec.image,
      port: spec.port,
      healthPath: '/healthz',
    });
    web.connectTo(byName.get(spec.database)!);
  }
}

function main(): void {
  const loadMs = performance.now();
  const n = fleetSizeFromArgs(process.argv.slice(2));
  const start = performance.now();
  const app = new App();
  buildFleet(app, n);
  const yaml = app.synthYaml();
  const ms = performance.now() - start;
  const result: ScaleResult = { ...countDocuments(yaml), ms, loadMs, rss: process.resourceUsage().maxRSS / 1024 };
  console.log(JSON.stringify(result));
}

if (require.main === module) main();
