// The synthetic fleet both scale benchmarks build, so ours and the baseline describe the same
// services: N web apps, and one database per ten of them.

/** One stateless service of the fleet. */
export interface FleetApp {
  readonly name: string;
  readonly image: string;
  readonly port: number;
  /** The database this app talks to (every app of a group of ten shares one). */
  readonly database: string;
}

/** The namespace every object of the fleet lives in. */
export const FLEET_NAMESPACE = 'fleet';

/** Apps per database. */
export const APPS_PER_DATABASE = 10;

/** One database of the fleet. */
export interface FleetDatabase {
  readonly name: string;
  readonly image: string;
  /** The Secret holding its credentials (referenced, not created). */
  readonly credentialsSecret: string;
}

/**
 * The apps and databases of a fleet of `n` apps. `release` bumps every app's image tag, so two
 * releases of the same fleet differ the way a routine deploy does (for the upgrade guard).
 */
export function fleet(n: number, release = 0): { apps: FleetApp[]; databases: FleetDatabase[] } {
  const databases: FleetDatabase[] = [];
  for (let d = 0; d < Math.ceil(n / APPS_PER_DATABASE); d++) {
    databases.push({ name: `db-${d}`, image: 'postgres:16.4', credentialsSecret: `db-${d}-credentials` });
  }
  const apps: FleetApp[] = [];
  for (let i = 0; i < n; i++) {
    apps.push({
      name: `svc-${i}`,
      image: `ghcr.io/acme/svc-${i}:1.${i % 7 + release}.${i % 13}`,
      port: 8080,
      database: databases[Math.floor(i / APPS_PER_DATABASE)].name,
    });
  }
  return { apps, databases };
}

/** Reads `n` from the command line (`--n=1000` or a bare number). */
export function fleetSizeFromArgs(argv: readonly string[]): number {
  const arg = argv.find((a) => /^(--n=)?\d+$/.test(a));
  const n = arg === undefined ? 100 : Number(arg.replace('--n=', ''));
  if (!Number.isInteger(n) || n < 1) throw new Error(`fleet size must be a positive integer, got ${arg}`);
  return n;
}

/** What a scale run prints: one JSON line. */
export interface ScaleResult {
  /** Documents in the synthesized YAML. */
  readonly objects: number;
  /** Time to construct the tree and synthesize it to YAML, in milliseconds. */
  readonly ms: number;
  /** Time from process start until the benchmark code began (module loading), in milliseconds. */
  readonly loadMs: number;
  /** Peak resident set size of the process, in megabytes. */
  readonly rss: number;
  /** Documents per kind. */
  readonly kinds: Readonly<Record<string, number>>;
  /** Lines of YAML: synthesis cost grows with the number of YAML nodes, roughly one per line. */
  readonly lines: number;
  /** Size of the YAML in kilobytes. */
  readonly kb: number;
}

/** Counts the documents of a multi-document YAML, per kind, and its size, without parsing it. */
export function countDocuments(yaml: string): { objects: number; kinds: Record<string, number>; lines: number; kb: number } {
  const kinds: Record<string, number> = {};
  let objects = 0;
  for (const match of yaml.matchAll(/^kind: (\S+)$/gm)) {
    objects++;
    kinds[match[1]] = (kinds[match[1]] ?? 0) + 1;
  }
  let lines = 0;
  for (let i = yaml.indexOf('\n'); i >= 0; i = yaml.indexOf('\n', i + 1)) lines++;
  return { objects, kinds: Object.fromEntries(Object.entries(kinds).sort(([a], [b]) => a.localeCompare(b))), lines, kb: Buffer.byteLength(yaml) / 1024 };
}
