import * as fs from 'fs';
import * as path from 'path';
import { canonicalText } from '../guard/diff';
import { describeManifest, manifestKey, SourcedManifest } from '../manifests/manifest';

/** What changed in the output between two synths, by object. */
export interface OutputChanges {
  /** Objects new in the output. */
  readonly added: string[];
  /** Objects no longer in the output. */
  readonly removed: string[];
  /** Objects whose content changed. */
  readonly changed: string[];
}

/** Compares two synths' objects by group, kind, namespace and name. */
export function outputChanges(before: readonly SourcedManifest[], after: readonly SourcedManifest[]): OutputChanges {
  const index = (list: readonly SourcedManifest[]): Map<string, SourcedManifest> => new Map(list.map((s) => [manifestKey(s.manifest), s]));
  const [old, next] = [index(before), index(after)];
  const describe = (s: SourcedManifest): string => describeManifest(s.manifest);
  return {
    added: [...next].filter(([key]) => !old.has(key)).map(([, s]) => describe(s)),
    removed: [...old].filter(([key]) => !next.has(key)).map(([, s]) => describe(s)),
    changed: [...next].filter(([key, s]) => old.has(key) && canonicalText(old.get(key)!.manifest) !== canonicalText(s.manifest)).map(([, s]) => describe(s)),
  };
}

function isInside(file: string, dir: string): boolean {
  return file === dir || file.startsWith(`${dir}${path.sep}`);
}

/**
 * Drops the changed files from the module cache, with every module that required them, directly or
 * through others, so the next `require` of the app sees the change while everything else (cdk8s,
 * unchanged sources) stays loaded. Modules under node_modules are never dropped.
 */
export function forgetModules(changedFiles: Iterable<string>, entry: string): void {
  const importers = new Map<string, Set<string>>();
  for (const [id, module] of Object.entries(require.cache)) {
    for (const child of module?.children ?? []) {
      if (!importers.has(child.id)) importers.set(child.id, new Set());
      importers.get(child.id)!.add(id);
    }
  }
  const pending = [entry, ...changedFiles].filter((file) => require.cache[file] !== undefined);
  const dropped = new Set<string>();
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (dropped.has(file) || file.split(path.sep).includes('node_modules')) continue;
    dropped.add(file);
    pending.push(...(importers.get(file) ?? []));
  }
  for (const file of dropped) {
    const module = require.cache[file];
    // Keep the parents' child lists honest, so the next invalidation follows the new graph.
    for (const parent of Object.values(require.cache)) {
      if (parent && module) parent.children = parent.children.filter((c) => c !== module);
    }
    delete require.cache[file];
  }
}

/** Directories never watched: dependencies, git's own, and synth's staging directories. */
function skipped(name: string): boolean {
  return name === 'node_modules' || name === '.git' || /^\..*\.(new|old)-/.test(name);
}

/**
 * Calls `onChange` with the changed files (absolute) whenever files under `dir` change, batching
 * changes that come within `delayMs`; the ignored directories (the output) are not watched.
 * Each directory is watched on its own: a recursive watch misses files that editors save by
 * renaming a new file over the old one. Returns a function that stops watching.
 */
export function watchSources(dir: string, ignored: readonly string[], onChange: (files: string[]) => void, delayMs = 40): () => void {
  const watchers = new Map<string, fs.FSWatcher>();
  let changed = new Set<string>();
  let timer: NodeJS.Timeout | undefined;

  const flush = (): void => {
    const files = [...changed];
    changed = new Set();
    onChange(files);
  };
  const watchTree = (directory: string): void => {
    if (watchers.has(directory) || ignored.some((ignoredDir) => isInside(directory, ignoredDir))) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(directory, { withFileTypes: true });
      watchers.set(directory, fs.watch(directory, (_event, name) => {
        if (name === null) return;
        const file = path.join(directory, name.toString());
        if (skipped(name.toString()) || ignored.some((ignoredDir) => isInside(file, ignoredDir))) return;
        // The file may be gone already (an editor's temporary file renamed away): no stat error then.
        if (fs.statSync(file, { throwIfNoEntry: false })?.isDirectory()) watchTree(file);
        changed.add(file);
        clearTimeout(timer);
        timer = setTimeout(flush, delayMs);
      }));
    } catch {
      return; // removed meanwhile, or unreadable: nothing to watch
    }
    for (const entry of entries) {
      if (entry.isDirectory() && !skipped(entry.name)) watchTree(path.join(directory, entry.name));
    }
  };
  watchTree(dir);
  return () => {
    clearTimeout(timer);
    for (const watcher of watchers.values()) watcher.close();
  };
}
