import { buildGraph, renderMermaid } from '../../lib/graph';
import { checkManifests } from '../../lib/policy';
import { deployment, networkPolicy, nodeTitled, service } from './fixtures';

describe('marking what the policy check flags', () => {
  const manifests = [
    deployment('web', 'web'), service('web', 'web'),
    networkPolicy('web', 'typo', { podSelector: { matchLabels: { app: 'wbe' } }, ingress: [] }),
  ];
  const report = checkManifests(manifests);
  const graph = buildGraph(manifests, { findings: report.findings });

  test('a drawn object carries its error and warning counts and the rules that found them', () => {
    const expected = report.findings.filter((f) => f.kind === 'Deployment');
    const node = nodeTitled(graph, 'Deployment web');
    expect(node.findings).toEqual({
      errors: expected.filter((f) => f.severity === 'error').length,
      warnings: expected.filter((f) => f.severity === 'warning').length,
      rules: [...new Set(expected.map((f) => f.ruleId))].sort(),
    });
    expect(node.findings!.rules).toContain('pss-run-as-non-root');
  });

  test('findings on objects that are not drawn are listed in one note, by object', () => {
    const note = nodeTitled(graph, 'policy findings on objects not drawn');
    expect(note.details).toEqual(['NetworkPolicy web/typo: networkpolicy-selects-pods']);
    expect(note.findings).toEqual({ errors: 1, warnings: 0, rules: ['networkpolicy-selects-pods'] });
  });

  test('the Mermaid output marks a node with errors with the error class and the findings line', () => {
    const text = renderMermaid(graph);
    expect(text).toMatch(/^ {2}class [^\n]*\bdeploy_web_web\b[^\n]* error$/m);
    expect(text).toContain('⚠ ');
  });

  test('without findings nothing is marked', () => {
    const plain = buildGraph(manifests);
    expect(plain.nodes.filter((n) => n.findings !== undefined)).toEqual([]);
    expect(plain.nodes.map((n) => n.kind)).not.toContain('findings');
  });
});
