import * as fs from 'fs';
import * as path from 'path';
import { readArguments, UsageError } from '../cli/args';
import { isDnsLabel } from '../kube/names';
import { starterFiles } from './templates';
import { starterVersions } from './versions';

/** Where the command writes; tests pass their own. */
export interface InitIo {
  /** Receives progress and the next steps. */
  readonly out: (text: string) => void;
  /** Receives usage and errors. */
  readonly err: (text: string) => void;
}

const USAGE = `usage: shipshape init [dir] [--name <name>]

Writes a new Shipshape project into dir (default: the current directory): package.json with
shipshape and its peers, cdk8s.yaml with the policy check as a validation plugin, tsconfig.json,
a stack (stack.ts, main.ts) with a web app connected to a database, a snapshot test, .gitignore
and a GitHub Actions workflow. Writes files only: it installs nothing and never overwrites a file.

  --name <name>  the project name, a DNS-1123 label used for the package and its namespaces
                 (default: the directory's name)
  -h, --help     show this help

Exit codes: 0 written, 2 usage error or a file already exists (nothing written).
`;

function parseArgs(args: readonly string[]): { dir: string; name?: string; help: boolean } {
  let dir: string | undefined;
  let name: string | undefined;
  let help = false;
  readArguments(args, (option) => {
    switch (option.flag) {
      case '-h': case '--help': help = true; return true;
      case '--name': name = option.value(); return true;
      default: return false;
    }
  }, (arg) => {
    if (dir !== undefined) throw new UsageError(`one directory only, got ${dir} and ${arg}`);
    dir = arg;
  });
  return { dir: dir ?? '.', ...(name !== undefined ? { name } : {}), help };
}

/** A DNS-1123 label from a directory name: `My App` becomes `my-app`. */
function nameFromDirectory(dir: string): string {
  return path.basename(path.resolve(dir)).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40).replace(/-+$/, '');
}

/**
 * `shipshape init [dir]`: writes the starter project, refusing to touch any file that exists, and
 * prints the commands to run next. Returns the exit code.
 */
export function main(args: readonly string[], io: InitIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) }): number {
  let options: ReturnType<typeof parseArgs>;
  try {
    options = parseArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`shipshape init: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    io.out(USAGE);
    return 0;
  }
  const name = options.name ?? nameFromDirectory(options.dir);
  // Namespaces are `<name>-prod`: the name leaves room for the suffix within 63 characters.
  if (!isDnsLabel(name, 40)) {
    io.err(`shipshape init: the project name must be a DNS-1123 label of at most 40 characters (lower-case letters, digits and '-'), got '${name}'; pass --name\n`);
    return 2;
  }

  const files = starterFiles({ name, versions: starterVersions() });
  const existing = Object.keys(files).filter((file) => fs.existsSync(path.join(options.dir, file)));
  if (existing.length > 0) {
    io.err(`shipshape init: ${options.dir} already has ${existing.join(', ')}; nothing was written (init never overwrites a file)\n`);
    return 2;
  }
  for (const [file, content] of Object.entries(files)) {
    const target = path.join(options.dir, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content, { flag: 'wx' });
  }

  const cd = path.resolve(options.dir) === process.cwd() ? '' : `  cd ${options.dir}\n`;
  io.out(`Wrote a Shipshape project '${name}' to ${options.dir}: ${Object.keys(files).join(', ')}

Next:
${cd}  npm install
  npm run synth      # writes dist/, checked by the policy rules
  npm test           # type-check, then the tests (the first run writes the snapshots)
  git init && git add . && git commit -m "A Shipshape project"
`);
  return 0;
}
