import { ApiObject, App, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { Manifest, SourcedManifest } from './manifest';

/**
 * Synthesizes every chart of an App in memory (nothing is written) and returns its objects with
 * their construct paths, in the order `npm run synth` writes them.
 */
export function appManifests(app: App): SourcedManifest[] {
  return app.charts.flatMap((chart) => chartManifests(chart));
}

/** The objects of one chart with their construct paths, in construct-tree order. */
export function chartManifests(chart: Chart): SourcedManifest[] {
  return chart.node.findAll()
    .filter((c: IConstruct): c is ApiObject => ApiObject.isApiObject(c))
    .map((obj) => ({ manifest: obj.toJson() as Manifest, constructPath: obj.node.path }));
}
