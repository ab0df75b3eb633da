// This repository's loader: TypeScript sources run without type-checking (the type-check lives in
// `npm test`), and the package's own name resolves to the sources (as tsconfig.json's paths say),
// so the example apps import 'shipshape' like a user's project does. An installed package runs its
// compiled code instead (bin/load.js).
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

require('./typescript-loader').register(ROOT);
