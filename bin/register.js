// Loads TypeScript sources without type-checking (the type-check lives in `npm test`).
// Used by `npm run synth` (cdk8s.yaml), the cdk8s validation plugin and the shipshape CLI in this
// repository; an installed package runs its compiled code instead (bin/load.js).
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const options = {
  jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
  module: { type: 'commonjs' },
};

// Compiled output is cached by content hash, so a second run skips the compiler entirely.
const cacheDir = path.join(__dirname, '..', 'node_modules', '.cache', 'shipshape-ts');
let swc;

function compile(source, filename) {
  const key = crypto.createHash('sha1').update(filename).update('\0').update(source).digest('hex');
  const cached = path.join(cacheDir, `${key}.js`);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    swc = swc || require('@swc/core');
    const { code } = swc.transformSync(source, { ...options, filename });
    try {
      fs.mkdirSync(cacheDir, { recursive: true });
      fs.writeFileSync(`${cached}.${process.pid}`, code);
      fs.renameSync(`${cached}.${process.pid}`, cached);
    } catch {
      // A read-only tree still works, just without the cache.
    }
    return code;
  }
}

// In this repository, the package's own name resolves to its sources (as tsconfig.json's paths
// say), so the example apps import 'shipshape' like a user's project does.
const Module = require('module');
const SOURCES = {
  'shipshape': 'lib/index.ts',
  'shipshape/policy': 'lib/policy/index.ts',
  'shipshape/guard': 'lib/guard/index.ts',
  'shipshape/testing': 'lib/testing/index.ts',
  'shipshape/testing/snapshot-serializer': 'lib/testing/snapshot-serializer.ts',
};
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveShipshape(request, ...rest) {
  const source = SOURCES[request];
  return source ? path.join(__dirname, '..', source) : resolveFilename.call(this, request, ...rest);
};

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  module._compile(compile(fs.readFileSync(filename, 'utf8'), filename), filename);
};
