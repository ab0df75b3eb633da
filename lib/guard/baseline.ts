import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { loadManifests, parseManifests } from '../manifests/yaml';
import { SourcedManifest } from '../manifests/manifest';

/** Where a baseline came from, for reports. */
export interface GuardBaselineOrigin {
  /** `directory` for a folder of manifests, `git` for a directory read from a revision. */
  readonly type: 'directory' | 'git';
  /** The directory (for `directory`) or `<rev>:<dir>` (for `git`). */
  readonly location: string;
}

/** Manifests read as a baseline, with their origin. */
export interface GuardBaseline {
  /** Where the manifests were read from. */
  readonly origin: GuardBaselineOrigin;
  /** The manifests, in file order. */
  readonly manifests: SourcedManifest[];
}

/** Options for {@link loadGitGuardBaseline}. */
export interface GitGuardBaselineOptions {
  /**
   * The directory inside the repository that holds the synthesized manifests.
   * @default 'dist'
   */
  readonly dir?: string;
  /**
   * A directory inside the git working tree to run git from.
   * @default - the current directory
   */
  readonly cwd?: string;
}

const MANIFEST_FILE = /\.(ya?ml|json)$/i;

function git(args: string[], cwd: string): string {
  // No shell: the revision and paths are passed as arguments, never interpreted.
  return execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
}

function gitError(error: unknown): string {
  if ((error as { code?: string }).code === 'ENOENT') return 'git is not installed';
  const stderr = (error as { stderr?: string | Buffer }).stderr;
  return stderr ? stderr.toString().trim().split('\n')[0] : '';
}

/** Reads every manifest file under a directory as the baseline. */
export function loadDirectoryGuardBaseline(dir: string): GuardBaseline {
  return { origin: { type: 'directory', location: dir }, manifests: loadManifests([dir]) };
}

/**
 * Reads the manifests that a git revision holds under a directory (default `dist/`), without
 * touching the working tree: `git ls-tree` lists the files and `git show <rev>:<path>` reads them.
 * The directory is taken relative to the current directory, like other git path arguments.
 */
export function loadGitGuardBaseline(revision: string, options: GitGuardBaselineOptions = {}): GuardBaseline {
  const cwd = options.cwd ?? process.cwd();
  const dir = options.dir ?? 'dist';
  if (revision.startsWith('-')) throw new Error(`not a git revision: ${revision}`);
  try {
    git(['rev-parse', '--verify', '--quiet', `${revision}^{commit}`], cwd);
  } catch (error) {
    const detail = gitError(error);
    throw new Error(`baseline ${revision} is neither a directory nor a git revision${detail ? ` (${detail})` : ''}`);
  }
  let listing: string;
  try {
    listing = git(['ls-tree', '-r', '--full-name', '--name-only', revision, '--', dir], cwd);
  } catch (error) {
    throw new Error(`cannot list ${dir}/ in git revision ${revision}: ${gitError(error) || 'git ls-tree failed'}`);
  }
  const files = listing.split('\n').filter((file) => file && MANIFEST_FILE.test(file)).sort();
  const location = `${revision}:${dir.replace(/\/+$/, '')}`;
  if (files.length === 0) {
    throw new Error(`git revision ${revision} has no manifests under ${dir}/: commit the synthesized output (GitOps), or pass --dir <directory> or a baseline directory`);
  }
  const manifests = files.flatMap((file) => parseManifests(git(['show', `${revision}:${file}`], cwd), `${revision}:${file}`));
  return { origin: { type: 'git', location }, manifests };
}

/**
 * A baseline argument as the CLI takes it: an existing directory is read from disk; anything else
 * is a git revision whose `dir` is read through git.
 */
export function loadGuardBaseline(baseline: string, options: GitGuardBaselineOptions = {}): GuardBaseline {
  const cwd = options.cwd ?? process.cwd();
  const candidate = path.resolve(cwd, baseline);
  if (fs.existsSync(candidate) && fs.statSync(candidate).isDirectory()) {
    // Relative paths keep file names in reports short; an explicit cwd needs the resolved one.
    return loadDirectoryGuardBaseline(options.cwd ? candidate : baseline);
  }
  return loadGitGuardBaseline(baseline, options);
}
