import * as fs from 'fs';
import * as path from 'path';
import { GUARD_RULES } from '../../lib/guard';

const doc = fs.readFileSync(path.join(__dirname, '../../docs/guard.md'), 'utf8');

test('the guard docs list every rule of the catalog with its severity, and no other', () => {
  const rows = [...doc.matchAll(/^\| `([a-z-]+)` \| (error|warning) \|/gm)].map((m) => `${m[1]} ${m[2]}`);
  const catalog = Object.entries(GUARD_RULES).map(([id, info]) => `${id} ${info.severity}`);
  expect(rows.sort()).toEqual(catalog.sort());
});
