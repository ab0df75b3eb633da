import * as path from 'path';
import type { App } from 'cdk8s';

/**
 * Runs an app file in this process and returns the Apps it synthesized, without letting them write
 * anything: `App.prototype.synth` of the project's cdk8s records the App instead. The caller
 * validates, checks and writes.
 *
 * @param appFile the app's entry file; TypeScript must already be loadable (the CLI registers it)
 */
export function runApp(appFile: string): App[] {
  // The project's own cdk8s: the App class the app constructs, whatever copy it is.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cdk8s = require(require.resolve('cdk8s', { paths: [path.dirname(appFile), __dirname] })) as typeof import('cdk8s');
  const captured: App[] = [];
  const original = Object.getOwnPropertyDescriptor(cdk8s.App.prototype, 'synth')!;
  Object.defineProperty(cdk8s.App.prototype, 'synth', {
    ...original,
    value: function capture(this: App): void {
      if (!captured.includes(this)) captured.push(this);
    },
  });
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(appFile);
  } finally {
    Object.defineProperty(cdk8s.App.prototype, 'synth', original);
  }
  return captured;
}

/** Writes an App's manifests into `outdir` with cdk8s' own file layout (the App's yamlOutputType). */
export function writeApp(app: App, outdir: string): void {
  const mutable = app as unknown as { outdir: string; recordConstructMetadata: boolean };
  const [outdirBefore, metadataBefore] = [mutable.outdir, mutable.recordConstructMetadata];
  mutable.outdir = outdir;
  // construct-metadata.json is for the cdk8s CLI's validation plugins; the output holds manifests only.
  mutable.recordConstructMetadata = false;
  try {
    app.synth();
  } finally {
    mutable.outdir = outdirBefore;
    mutable.recordConstructMetadata = metadataBefore;
  }
}
