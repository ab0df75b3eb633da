import { MAX_ALIAS_EXPANSION, parseManifests } from '../../lib/manifests/yaml';

describe('parseManifests and aliases', () => {
  test('a document with more scalars than the alias limit, and one alias, is read whole', () => {
    const values = '1, '.repeat(MAX_ALIAS_EXPANSION + 10);
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: large\n  labels: &labels { team: shop }\n  annotations: *labels\nlist: [${values}1]\n`;
    const [{ manifest }] = parseManifests(text, 'large.yaml');
    expect((manifest.list as number[]).length).toBe(MAX_ALIAS_EXPANSION + 11);
    expect(manifest.metadata?.annotations).toEqual({ team: 'shop' });
  });

  test('aliases that expand a document beyond the limit are refused, naming file and document', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 7; i++) {
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    }
    expect(() => parseManifests(`---\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: bomb }\ndata:\n${levels.map((l) => `  ${l}`).join('\n')}\n`, 'bomb.yaml'))
      .toThrow('bomb.yaml: document 2: its aliases expand it by more than 1,000,000 nodes (an alias bomb?); write the repeated parts out instead');
  });
});
