#!/usr/bin/env node
// Entry point of the `shipshape` command.
const load = require('./load');

const COMMANDS = {
  init: 'lib/init/cli',
  synth: 'lib/synth/cli',
  check: 'lib/policy/cli',
  guard: 'lib/guard/cli',
  graph: 'lib/graph/cli',
};

const USAGE = `usage: shipshape <command> [options]

  init [dir]     write a new Shipshape project (package.json, cdk8s.yaml, main.ts, a snapshot test, CI)
  synth [app]    run the app, check it, and write its manifests (all or nothing)
  check [paths]  check manifests against the policy rules
  guard          compare new output with a baseline: rejected changes, data loss, downtime
  graph [paths]  draw the topology of manifests: Mermaid, a self-contained HTML page, or Graphviz DOT

Run shipshape <command> --help for a command's options.`;

async function run(argv) {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-v') {
    console.log(require('../package.json').version);
    return 0;
  }
  if (!Object.prototype.hasOwnProperty.call(COMMANDS, command)) {
    const help = command === undefined || command === '--help' || command === '-h';
    (help ? console.log : console.error)(help ? USAGE : `shipshape: unknown command '${command}'\n\n${USAGE}`);
    return help ? 0 : 2;
  }
  // The app a synth runs is the project's TypeScript: loadable without a type-check.
  if (command === 'synth') require('./typescript-loader').register(process.cwd());
  return load(COMMANDS[command]).main(rest);
}

run(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error) => { console.error(error instanceof Error ? error.message : error); process.exitCode = 2; },
);
