// Preloaded into a process (`node -r ./bench/require-cost.js …`) to measure what loading each
// package costs: inclusive wall time of every require() issued from outside node_modules' own
// packages' internals is summed per requested package and written as JSON to
// $SHIPSHAPE_REQUIRE_COST at exit.
const Module = require('module');
const fs = require('fs');

const output = process.env.SHIPSHAPE_REQUIRE_COST;
const original = Module.prototype.require;
const totals = new Map();
const stack = [];

function packageOf(filename) {
  const i = filename.lastIndexOf('node_modules/');
  if (i < 0) return null;
  const parts = filename.slice(i + 'node_modules/'.length).split('/');
  return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

Module.prototype.require = function timedRequire(id) {
  const start = process.hrtime.bigint();
  const parentPackage = packageOf(this.filename || '') || '(app)';
  stack.push(parentPackage);
  try {
    return original.apply(this, arguments);
  } finally {
    stack.pop();
    let resolved = null;
    try { resolved = Module._resolveFilename(id, this); } catch { /* a failed require */ }
    const childPackage = resolved ? packageOf(resolved) : null;
    // Count a package once, where another package (or the app) first crosses into it.
    if (childPackage && childPackage !== parentPackage && !stack.includes(childPackage)) {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const key = `${parentPackage} -> ${childPackage}`;
      totals.set(key, (totals.get(key) || 0) + ms);
    }
  }
};

if (output) {
  process.on('exit', () => {
    const sorted = [...totals.entries()].sort((a, b) => b[1] - a[1]).map(([edge, ms]) => ({ edge, ms }));
    fs.writeFileSync(output, JSON.stringify({ uptimeMs: process.uptime() * 1000, edges: sorted }));
  });
}
