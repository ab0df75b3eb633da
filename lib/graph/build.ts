import { ManifestInput, toSourced } from '../manifests/manifest';
import { ObjectIndex } from '../policy/context';
import { Finding } from '../policy/types';
import { GraphBuilder } from './builder';
import { NodeFindings, TopologyGraph } from './model';
import { addRouting } from './routing';
import { addTraffic } from './traffic';
import { addWorkloads } from './workloads';

/** Options of {@link buildGraph}. */
export interface GraphOptions {
  /**
   * Findings of the policy check to mark on the picture, e.g. `checkManifests(manifests).findings`.
   * Findings on drawn objects mark their node; the others are listed in one note.
   * @default - nothing is marked
   */
  readonly findings?: readonly Finding[];
  /**
   * Draw traffic that is DNS only (port 53) as edges. Nearly every pod resolves names, so by
   * default those edges are left out, and a pod whose egress is restricted without allowing port
   * 53 is marked `no DNS egress` instead.
   * @default false
   */
  readonly dns?: boolean;
}

/** Objects listed one per line in the note of findings on objects not drawn; the rest are counted. */
const MAX_NOTE_LINES = 8;

/**
 * The topology of plain manifests (from synth, from YAML files, from any tool): namespaces,
 * workloads, Services, Ingress and HTTPRoute entry points, the traffic the NetworkPolicies allow,
 * claims and claim templates, and host access. A pure function of its input; the order of the
 * input does not change the result.
 *
 * @param inputs bare manifests, or manifests with their file or construct path
 */
export function buildGraph(inputs: readonly ManifestInput[], options: GraphOptions = {}): TopologyGraph {
  const b = new GraphBuilder(new ObjectIndex(sortedSources(inputs)));
  addRouting(b);
  addWorkloads(b);
  addTraffic(b, { dns: options.dns ?? false });
  if (options.findings && options.findings.length > 0) markFindings(b, options.findings);
  return b.finish();
}

/** Sorted by kind, namespace and name, so ids (and their rare collision suffixes) never depend on input order. */
function sortedSources(inputs: readonly ManifestInput[]): ReturnType<typeof toSourced> {
  const key = (m: ReturnType<typeof toSourced>[number]): string =>
    `${m.manifest.kind}\u0000${m.manifest.metadata?.namespace ?? ''}\u0000${m.manifest.metadata?.name ?? ''}\u0000${m.manifest.apiVersion}`;
  return toSourced(inputs).map((m) => ({ m, k: key(m) })).sort((x, y) => (x.k < y.k ? -1 : x.k > y.k ? 1 : 0)).map(({ m }) => m);
}

function markFindings(b: GraphBuilder, findings: readonly Finding[]): void {
  const drawn = new Map<string, Finding[]>();
  const notDrawn = new Map<string, Finding[]>();
  for (const f of findings) {
    const id = b.objectNode(f.kind, f.namespace ?? '', f.name ?? '');
    const target = id ? drawn : notDrawn;
    const key = id ?? `${f.kind} ${f.namespace ? `${f.namespace}/` : ''}${f.name ?? '<unnamed>'}`;
    target.set(key, [...(target.get(key) ?? []), f]);
  }
  for (const [id, list] of drawn) b.setFindings(id, summarize(list));
  if (notDrawn.size === 0) return;
  const all = [...notDrawn.values()].flat();
  const objects = [...notDrawn.keys()].sort();
  const lines = objects.slice(0, MAX_NOTE_LINES).map((o) => `${o}: ${summarize(notDrawn.get(o)!).rules.join(', ')}`);
  if (objects.length > MAX_NOTE_LINES) lines.push(`… ${objects.length - MAX_NOTE_LINES} more objects`);
  const id = b.node('findings', () => ({ kind: 'findings', idHint: 'findings', title: 'policy findings on objects not drawn', details: lines }));
  b.setFindings(id, summarize(all));
}

function summarize(findings: readonly Finding[]): NodeFindings {
  return {
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
    rules: [...new Set(findings.map((f) => f.ruleId))].sort(),
  };
}
