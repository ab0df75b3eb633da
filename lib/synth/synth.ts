import * as fs from 'fs';
import * as path from 'path';
import { IConstruct } from 'constructs';
import { appManifests } from '../manifests/from-app';
import { SourcedManifest } from '../manifests/manifest';
import { takeOverPolicyCheck } from '../policy/constructs';
import { CheckOptions, checkManifests, PolicyReport } from '../policy/engine';
import { runApp, writeApp } from './capture';
import { replaceDirectory } from './output';
import { SynthConfigError, SynthProject } from './project';

/** The app is invalid: construct validation failed, or the policy check found errors. Nothing was written. */
export class SynthRejected extends Error {
  constructor(message: string, public readonly report?: PolicyReport) {
    super(message);
  }
}

/** What a synth wrote and checked. */
export interface SynthOutput {
  /** The files written, relative to the output directory, sorted. */
  readonly files: string[];
  /** Every object, with its construct path. */
  readonly manifests: SourcedManifest[];
  /** The policy check over all of them. */
  readonly report: PolicyReport;
}

function constructErrors(app: IConstruct): string[] {
  return app.node.findAll().flatMap((c) => c.node.validate().map((error) => `[${c.node.path}] ${error}`));
}

function mergeReports(reports: readonly PolicyReport[]): PolicyReport {
  if (reports.length === 1) return reports[0];
  return {
    findings: reports.flatMap((r) => r.findings),
    suppressed: reports.flatMap((r) => r.suppressed),
    errors: reports.reduce((n, r) => n + r.errors, 0),
    warnings: reports.reduce((n, r) => n + r.warnings, 0),
    objects: reports.reduce((n, r) => n + r.objects, 0),
  };
}

function listFiles(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory()
    ? listFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`)
    : [`${prefix}${entry.name}`])).sort();
}

/**
 * Runs the app, validates every construct, runs the policy check over every object, and only then
 * writes: into a fresh directory swapped in for the output. Throws {@link SynthRejected} (nothing
 * written) when the app is invalid; errors the app itself throws (a ShipshapeError for bad props)
 * propagate, also before anything is written.
 */
export function synthesize(project: SynthProject, options: CheckOptions = {}): SynthOutput {
  const apps = runApp(project.appFile);
  if (apps.length === 0) throw new SynthConfigError(`${path.relative(project.dir, project.appFile)} never calls app.synth(): nothing to write`);

  const manifests: SourcedManifest[] = [];
  const reports: PolicyReport[] = [];
  for (const app of apps) {
    // Each app is checked with the options it gave addPolicyCheck, under those of the command line.
    const appOptions = { ...takeOverPolicyCheck(app), ...options };
    const errors = constructErrors(app);
    if (errors.length > 0) throw new SynthRejected(`validation failed:\n  ${errors.join('\n  ')}`);
    const objects = appManifests(app);
    manifests.push(...objects);
    reports.push(checkManifests(objects, appOptions));
  }
  const report = mergeReports(reports);
  if (report.errors > 0) throw new SynthRejected('policy check failed', report);

  replaceDirectory(project.outdir, (staging) => {
    for (const app of apps) writeApp(app, staging);
  });
  return { files: listFiles(project.outdir), manifests, report };
}
