import * as fs from 'fs';
import * as path from 'path';
import { rulesTableMarkdown } from '../../lib/policy/rules-table';

test('the README holds the rules table generated from the rule metadata', () => {
  const doc = fs.readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
  expect(doc).toContain(rulesTableMarkdown());
});
