#!/usr/bin/env node
// Entry point of the `shipshape` command: `shipshape check …`, `shipshape guard …` and `shipshape graph …`.
require('./register');

const commands = {
  check: () => require('../lib/policy/cli').main,
  guard: () => require('../lib/guard/cli').main,
  graph: () => require('../lib/graph/cli').main,
};

async function run(argv) {
  const [command, ...rest] = argv;
  const load = commands[command];
  if (!load) {
    console.error('usage: shipshape <check|guard|graph> [options]\n  shipshape check --help\n  shipshape guard --help\n  shipshape graph --help');
    return command === undefined || command === '--help' || command === '-h' ? 0 : 2;
  }
  return load()(rest);
}

run(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error) => { console.error(error instanceof Error ? error.message : error); process.exitCode = 2; },
);
