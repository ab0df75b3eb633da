import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../lib/graph/cli';
import { synthExampleStack } from './fixtures';

const README = path.join(__dirname, '..', '..', 'README.md');
const BEGIN = '<!-- shipshape graph dist: begin -->\n';
const END = '<!-- shipshape graph dist: end -->';

describe('the README', () => {
  // To refresh the picture: npm run synth && npm run --silent graph, then paste the output into
  // the ```mermaid block between the two markers.
  test('shows the picture `shipshape graph` draws of the example stack today', async () => {
    let out = '';
    const code = await main([synthExampleStack()], { out: (text) => { out += text; }, err: (text) => { throw new Error(text); } });
    expect(code).toBe(0);
    const readme = fs.readFileSync(README, 'utf8');
    const start = readme.indexOf(BEGIN);
    const end = readme.indexOf(END);
    expect([start, end].every((i) => i >= 0)).toBe(true);
    expect(readme.slice(start + BEGIN.length, end)).toBe(`\`\`\`mermaid\n${out}\`\`\`\n`);
  });
});
