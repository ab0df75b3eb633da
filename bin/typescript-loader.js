// Runs TypeScript files in this process without type-checking, for `shipshape synth`: the
// compiled JavaScript is cached by content hash, so an unchanged file is never compiled twice.
// The compiler is @swc/core when the project has it (fast), else the project's own TypeScript
// (transpileModule). Type errors are `tsc`'s business (`shipshape synth --typecheck`).
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

// Decorators compile as standard (TC39) decorators, as the TypeScript fallback below and `tsc`
// without experimentalDecorators compile them (Shipshape's own constructs use one).
const SWC_OPTIONS = {
  jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { decoratorVersion: '2022-03' }, target: 'es2022' },
  module: { type: 'commonjs' },
};

function resolveFrom(dirs, request) {
  try {
    return require.resolve(request, { paths: dirs });
  } catch {
    return undefined;
  }
}

/** The first node_modules folder at or above `dir`, where the compile cache lives. */
function cacheDirFor(dir) {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const modules = path.join(current, 'node_modules');
    if (fs.existsSync(modules)) return path.join(modules, '.cache', 'shipshape-ts');
    if (path.dirname(current) === current) return path.join(require('os').tmpdir(), 'shipshape-ts');
  }
}

function compilerFor(dirs) {
  const swcPath = resolveFrom(dirs, '@swc/core');
  if (swcPath) {
    let swc;
    return { name: 'swc', compile: (source, filename) => (swc = swc || require(swcPath)).transformSync(source, { ...SWC_OPTIONS, filename }).code };
  }
  const tsPath = resolveFrom(dirs, 'typescript');
  if (tsPath) {
    let ts;
    return {
      name: 'typescript',
      compile: (source, filename) => {
        ts = ts || require(tsPath);
        const options = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, sourceMap: false, inlineSourceMap: false };
        return ts.transpileModule(source, { fileName: filename, compilerOptions: options }).outputText;
      },
    };
  }
  return undefined;
}

let registered = false;

/**
 * Lets `require` load .ts files. `projectDir` is where the compiler and the cache are looked up
 * (default: the current directory). Registering twice is a no-op.
 */
function register(projectDir = process.cwd()) {
  if (registered) return;
  const compiler = compilerFor([projectDir, __dirname]);
  const cacheDir = cacheDirFor(projectDir);
  require.extensions['.ts'] = function compileTypeScript(module, filename) {
    const source = fs.readFileSync(filename, 'utf8');
    const key = crypto.createHash('sha1').update(compiler ? compiler.name : '').update(JSON.stringify(SWC_OPTIONS)).update('\0').update(filename).update('\0').update(source).digest('hex');
    const cached = path.join(cacheDir, `${key}.js`);
    let code;
    try {
      code = fs.readFileSync(cached, 'utf8');
    } catch {
      if (!compiler) throw new Error(`cannot run ${filename}: install typescript (or @swc/core) in the project to run TypeScript apps`);
      code = compiler.compile(source, filename);
      try {
        fs.mkdirSync(cacheDir, { recursive: true });
        fs.writeFileSync(`${cached}.${process.pid}`, code);
        fs.renameSync(`${cached}.${process.pid}`, cached);
      } catch {
        // A read-only tree still works, just without the cache.
      }
    }
    module._compile(code, filename);
  };
  registered = true;
}

module.exports = { register };
