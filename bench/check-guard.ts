// Policy check and upgrade guard over the N = 1,000 fleet output. Synthesizes two releases of the
// fleet (the second bumps every app's image, as a routine deploy does) to YAML, reads them back as
// `shipshape check` and `shipshape guard` do, then times the check of the new output and the guard
// between the two. Prints one JSON line. Run: node -r ./bin/register.js bench/check-guard.ts 1000
// With --profile=FILE, writes a CPU profile of the timed section only.
import * as fs from 'fs';
import { Session } from 'inspector';
import { performance } from 'perf_hooks';
import { App } from 'cdk8s';
import { appManifests } from '../lib/manifests/from-app';
import { parseManifests } from '../lib/manifests/yaml';
import { guardChanges } from '../lib/guard';
import { checkManifests } from '../lib/policy';
import { fleetSizeFromArgs } from './fleet';
import { buildFleet } from './scale';

/** What a check-and-guard run prints. */
export interface CheckGuardResult {
  /** Objects in the new output. */
  readonly objects: number;
  /** Parsing the new output's YAML into objects (what the CLIs do before checking), in milliseconds. */
  readonly parseMs: number;
  /** `checkManifests` over the new output, in milliseconds. */
  readonly checkMs: number;
  /** `guardChanges` between the two releases, in milliseconds. */
  readonly guardMs: number;
  /** Findings of the check (errors and warnings, not suppressed). */
  readonly checkFindings: number;
  /** Findings of the guard. */
  readonly guardFindings: number;
  /** Peak resident set size of the process, in megabytes. */
  readonly rss: number;
}

function fleetApp(n: number, release: number): App {
  const app = new App();
  buildFleet(app, n, release);
  return app;
}

/** Runs `fn` under the V8 profiler and writes the profile to `file`. */
function profiled(file: string, fn: () => void): void {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable', () => session.post('Profiler.start', () => {
    fn();
    session.post('Profiler.stop', (error, result) => {
      if (error) throw error;
      fs.writeFileSync(file, JSON.stringify(result.profile));
      session.disconnect();
    });
  }));
}

function main(): void {
  const args = process.argv.slice(2);
  const n = fleetSizeFromArgs(args);
  const profile = args.find((a) => a.startsWith('--profile='))?.slice('--profile='.length);
  // The baseline as objects (what `--baseline` reads is checked the same way either side).
  const before = appManifests(fleetApp(n, 0));
  const nextYaml = fleetApp(n, 1).synthYaml();
  if (profile) profiled(profile, () => measure(before, nextYaml));
  else measure(before, nextYaml);
}

function measure(before: ReturnType<typeof appManifests>, nextYaml: string): void {
  let t = performance.now();
  const next = parseManifests(nextYaml, 'release-1');
  const parseMs = performance.now() - t;

  t = performance.now();
  const report = checkManifests(next);
  const checkMs = performance.now() - t;

  t = performance.now();
  const findings = guardChanges(before, next);
  const guardMs = performance.now() - t;

  const result: CheckGuardResult = {
    objects: next.length, parseMs, checkMs, guardMs,
    checkFindings: report.findings.length, guardFindings: findings.length,
    rss: process.resourceUsage().maxRSS / 1024,
  };
  console.log(JSON.stringify(result));
}

if (require.main === module) main();
