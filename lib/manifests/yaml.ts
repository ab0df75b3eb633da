import * as fs from 'fs';
import * as path from 'path';
import { CORE_SCHEMA, loadAll } from 'js-yaml';
import { isManifest, SourcedManifest } from './manifest';

/**
 * How many nodes aliases may add to a document beyond those written in it. js-yaml shares an
 * aliased node instead of copying it, so parsing a "billion laughs" document is cheap, but every
 * reader that walks the objects (rules, the guard's comparison) would expand it: ten levels of
 * ten aliases are 10^10 nodes.
 */
export const MAX_ALIAS_EXPANSION = 1_000_000;

/**
 * Checks that a parsed document is a tree of reasonable size once its aliases are expanded: not
 * cyclic (`a: &a [*a]`), and expanding to at most MAX_ALIAS_EXPANSION nodes more than it has.
 * Counts each distinct node once (memoized), so it runs in time linear in the document's text.
 */
function aliasProblem(root: unknown): string | undefined {
  const size = new Map<object, number>();
  const open = new Set<object>();
  let distinct = 0;
  // Iterative post-order: a deeply nested document must not overflow the call stack here.
  const stack: { node: object; entered: boolean }[] = [];
  const children = (node: object): unknown[] => (Array.isArray(node) ? node : Object.values(node));
  if (typeof root === 'object' && root !== null) stack.push({ node: root, entered: false });
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (!top.entered) {
      if (size.has(top.node)) { stack.pop(); continue; }
      if (open.has(top.node)) return 'an alias refers to a node that contains it (a cyclic document)';
      top.entered = true;
      open.add(top.node);
      distinct++;
      for (const child of children(top.node)) {
        // A scalar is written where it stands: it counts as a node of the document.
        if (typeof child !== 'object' || child === null) { distinct++; continue; }
        if (open.has(child)) return 'an alias refers to a node that contains it (a cyclic document)';
        if (!size.has(child)) stack.push({ node: child, entered: false });
      }
      continue;
    }
    stack.pop();
    open.delete(top.node);
    let total = 1;
    for (const child of children(top.node)) {
      total += typeof child === 'object' && child !== null ? size.get(child) ?? 0 : 1;
    }
    size.set(top.node, total);
  }
  const expanded = typeof root === 'object' && root !== null ? size.get(root) ?? 0 : 0;
  return expanded - distinct > MAX_ALIAS_EXPANSION
    ? `its aliases expand it by more than ${MAX_ALIAS_EXPANSION.toLocaleString('en-US')} nodes (an alias bomb?); write the repeated parts out instead`
    : undefined;
}

/**
 * Parses a multi-document YAML (or JSON) text into manifests. `List` kinds are flattened; empty
 * documents are skipped. Throws with the source name when the text is not valid YAML, when a
 * document is not a Kubernetes object, and when aliases make a document cyclic or expand it far
 * beyond its text (see MAX_ALIAS_EXPANSION).
 *
 * YAML 1.2 core schema (as cdk8s writes it): `25%`, `2024-01-01` and `0755` stay strings.
 * js-yaml parses large outputs several times faster than the `yaml` package.
 */
export function parseManifests(text: string, source = '<input>'): SourcedManifest[] {
  let documents: unknown[];
  try {
    documents = loadAll(text, undefined, { schema: CORE_SCHEMA, filename: source });
  } catch (error) {
    throw new Error(`${source}: invalid YAML: ${(error as Error).message}`);
  }
  const result: SourcedManifest[] = [];
  // An alias (`*name`) needs an anchor (`&name`): text without both characters has none to expand.
  const mayAlias = text.includes('*') && text.includes('&');
  documents.forEach((value, index) => {
    if (value === null || value === undefined) return;
    const problem = mayAlias ? aliasProblem(value) : undefined;
    if (problem) throw new Error(`${source}: document ${index + 1}: ${problem}`);
    if (!isManifest(value)) {
      throw new Error(`${source}: document ${index + 1} is not a Kubernetes object (no apiVersion/kind)`);
    }
    const items = value.kind.endsWith('List') && Array.isArray(value.items) ? value.items : [value];
    for (const item of items) {
      if (isManifest(item)) result.push({ manifest: item, file: `${source}#${index + 1}` });
    }
  });
  return result;
}

const MANIFEST_FILE = /\.(ya?ml|json)$/i;
/** Written next to the manifests by `cdk8s synth` when validation plugins run; not a Kubernetes object. */
const CDK8S_METADATA_FILE = 'construct-metadata.json';

/** The largest manifest file read unless the caller allows more: far above any real output. */
export const DEFAULT_MAX_FILE_BYTES = 64 * 1024 * 1024;

/** Options of `loadManifests`. */
export interface LoadOptions {
  /**
   * Files larger than this many bytes are refused (the read stops there, so a device or a growing
   * file cannot exhaust memory).
   * @default DEFAULT_MAX_FILE_BYTES (64 MiB)
   */
  readonly maxFileBytes?: number;
}

/** `64 MiB`, `1.5 KiB`, `12 bytes`: sizes in messages. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}

function fileType(stat: fs.Stats): string {
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Reads a regular file of at most `limit` bytes as UTF-8. Opened without blocking and checked on
 * the open descriptor, so a FIFO or a device that replaced the file in between is refused too
 * instead of hanging or streaming forever; the read stops after `limit` bytes whatever the file
 * claims its size is (files in /proc report 0).
 */
function readRegularFile(file: string, limit: number): string {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new Error(`${file}: ${fileType(stat)}, not a regular file: only regular files are read`);
    if (stat.size > limit) throw tooLarge(file, limit);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1024 * 1024, limit + 1 - total));
      const read = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      chunks.push(chunk.subarray(0, read));
      total += read;
      if (total > limit) throw tooLarge(file, limit);
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

function tooLarge(file: string, limit: number): Error {
  return new Error(`${file}: larger than the limit of ${formatBytes(limit)} (raise it with --max-file-size)`);
}

/**
 * Reads manifests from files and directories, in a stable order. Directories are searched
 * recursively for `.yaml`, `.yml` and `.json` files (skipping the `construct-metadata.json` cdk8s
 * writes); a file named explicitly is read whatever its name. Only regular files are read, each up
 * to `maxFileBytes`; anything else (FIFO, device, socket, symlink loop, missing path) throws an
 * error naming the path.
 */
export function loadManifests(paths: readonly string[], options: LoadOptions = {}): SourcedManifest[] {
  const limit = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const files: string[] = [];
  const visiting = new Set<string>();
  const visitDirectory = (dir: string, stat: fs.Stats): void => {
    // A symlink to an enclosing directory would otherwise recurse until the path is too long.
    const id = `${stat.dev}:${stat.ino}`;
    if (visiting.has(id)) throw new Error(`${dir}: a symbolic link loop (the directory contains itself)`);
    visiting.add(id);
    for (const entry of fs.readdirSync(dir).sort()) {
      const p = path.join(dir, entry);
      const entryStat = statOf(p);
      if (entryStat.isDirectory()) visitDirectory(p, entryStat);
      else if (MANIFEST_FILE.test(entry) && entry !== CDK8S_METADATA_FILE) files.push(p);
    }
    visiting.delete(id);
  };
  for (const p of paths) {
    const stat = statOf(p);
    if (stat.isDirectory()) visitDirectory(p, stat);
    else files.push(p);
  }
  return files.flatMap((file) => parseManifests(readRegularFile(file, limit), file));
}

/** fs.statSync with the messages a user can act on. */
function statOf(p: string): fs.Stats {
  try {
    return fs.statSync(p);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`${p}: no such file or directory`);
    if (code === 'ELOOP') throw new Error(`${p}: a symbolic link loop`);
    if (code === 'EACCES') throw new Error(`${p}: permission denied`);
    throw new Error(`${p}: cannot be read (${code ?? (error as Error).message})`);
  }
}
