// Loads a module of the library by its path under the package root (e.g. 'lib/policy/cli'): in an
// installed package, its compiled JavaScript in build/ (no compiler at run time); in a checkout of
// the repository, where the TypeScript sources sit beside this file, the source itself through the
// swc loader, so the repository's own commands never need a build first.
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');

module.exports = function load(modulePath) {
  const source = path.join(ROOT, `${modulePath}.ts`);
  if (fs.existsSync(source)) {
    require('./register');
    return require(source);
  }
  return require(path.join(ROOT, 'build', modulePath));
};
