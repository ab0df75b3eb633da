// This repository's loader: TypeScript sources run without type-checking (the type-check lives in
// `npm test`), and the package's own name resolves to the sources, so the example apps import
// 'shipshape' like a user's project does. An installed package runs its compiled code instead
// (bin/load.js).
const path = require('path');

require('./resolve-sources');
require('./typescript-loader').register(path.join(__dirname, '..'));
