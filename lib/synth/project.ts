import * as fs from 'fs';
import * as path from 'path';
import { CORE_SCHEMA, load } from 'js-yaml';

/** Where a project's app and output are, from the command line and cdk8s.yaml. */
export interface SynthProject {
  /** The project directory (the current directory). */
  readonly dir: string;
  /** The app file to run (absolute). */
  readonly appFile: string;
  /** The output directory (absolute). */
  readonly outdir: string;
}

/** A problem with the command line or the project's configuration: exit code 2. */
export class SynthConfigError extends Error {}

const APP_FILE = /\.(ts|js|cjs)$/;

// Node options whose value is a module to preload, not the app: `node -r ./register.js app.ts`.
const PRELOAD_OPTIONS = new Set(['-r', '--require', '--import', '--loader', '--experimental-loader']);

/**
 * The app file named in cdk8s.yaml's `app` command: the first argument that is a .ts/.js file and
 * not the value of a preload option, e.g. `apps/main.ts` in `node -r ./bin/register.js apps/main.ts`
 * or `main.ts` in `npx ts-node main.ts`.
 */
export function appFileOfCommand(command: string): string | undefined {
  const words = command.split(/\s+/).filter((word) => word !== '');
  return words.find((word, i) => APP_FILE.test(word) && !word.startsWith('-') && !PRELOAD_OPTIONS.has(words[i - 1]));
}

function readConfig(dir: string): { app?: unknown; output?: unknown } {
  const file = path.join(dir, 'cdk8s.yaml');
  if (!fs.existsSync(file)) return {};
  try {
    const config = load(fs.readFileSync(file, 'utf8'), { schema: CORE_SCHEMA });
    return typeof config === 'object' && config !== null ? config as Record<string, unknown> : {};
  } catch (error) {
    throw new SynthConfigError(`cdk8s.yaml: invalid YAML: ${(error as Error).message}`);
  }
}

/**
 * Resolves the app file and output directory: the command line first, then cdk8s.yaml (`app`,
 * `output`), then `dist` for the output.
 */
export function resolveProject(dir: string, appArg: string | undefined, outputArg: string | undefined): SynthProject {
  const config = readConfig(dir);
  let app = appArg;
  if (app === undefined) {
    if (typeof config.app !== 'string') throw new SynthConfigError('no app file given and cdk8s.yaml names no app: shipshape synth <app-file>');
    app = appFileOfCommand(config.app);
    if (app === undefined) throw new SynthConfigError(`cannot find the app file in cdk8s.yaml's app command '${config.app}': pass it, shipshape synth <app-file>`);
  }
  const appFile = path.resolve(dir, app);
  if (!fs.existsSync(appFile)) throw new SynthConfigError(`${app}: no such app file`);
  const output = outputArg ?? (typeof config.output === 'string' ? config.output : 'dist');
  const outdir = path.resolve(dir, output);
  if (outdir === path.parse(outdir).root || outdir === path.resolve(dir) || path.resolve(dir).startsWith(`${outdir}${path.sep}`)) {
    throw new SynthConfigError(`the output directory ${output} would replace the project itself: choose a directory of its own, such as dist`);
  }
  return { dir, appFile, outdir };
}
