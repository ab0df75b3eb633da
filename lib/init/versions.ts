import * as fs from 'fs';
import * as path from 'path';

/** The package manifest of Shipshape itself: found by walking up from this file (source or build). */
function ownPackage(): { version: string; devDependencies?: Record<string, string> } {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (manifest.name === 'shipshape') return manifest;
    }
    if (path.dirname(dir) === dir) throw new Error('shipshape init: cannot find the package.json of shipshape');
  }
}

// ts-jest is not one of Shipshape's own tools; 29.4 is the first to support jest 30.
const TS_JEST = '^29.4.15';

/**
 * Version ranges for a new project's package.json: shipshape at this version, and its peers and
 * the build and test tools at the versions Shipshape itself is built and tested with (caret
 * ranges of its pinned devDependencies, which its published package.json keeps).
 */
export function starterVersions(): Record<string, string> {
  const own = ownPackage();
  const tested = (name: string): string => {
    const version = own.devDependencies?.[name];
    if (version === undefined) throw new Error(`shipshape init: the package.json of shipshape names no version of ${name}`);
    return `^${version}`;
  };
  return {
    'shipshape': `^${own.version}`,
    ...Object.fromEntries(['cdk8s', 'cdk8s-plus-28', 'constructs', 'cdk8s-cli', 'ts-node', 'jest', '@types/jest', '@types/node'].map((n) => [n, tested(n)])),
    // TypeScript minors may tighten checks: stay on the tested one.
    'typescript': tested('typescript').replace('^', '~'),
    'ts-jest': TS_JEST,
  };
}
