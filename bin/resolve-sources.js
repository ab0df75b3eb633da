// Resolves the package's own name to its TypeScript sources in this repository (as tsconfig.json's
// paths say), so the example apps import 'shipshape' like a user's project does. Used by
// bin/register.js, and alone by tools that load TypeScript their own way (ts-node).
const Module = require('module');
const path = require('path');

const ROOT = path.join(__dirname, '..');
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
  return source ? path.join(ROOT, source) : resolveFilename.call(this, request, ...rest);
};
