import * as fs from 'fs';
import * as path from 'path';
import { rulesTableMarkdown } from '../../lib/policy/rules-table';

test('docs/policy.md holds the rules table generated from the rule metadata', () => {
  const doc = fs.readFileSync(path.join(__dirname, '../../docs/policy.md'), 'utf8');
  expect(doc).toContain(rulesTableMarkdown());
});
