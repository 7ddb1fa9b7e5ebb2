import type { Dirent } from 'node:fs';
import { lstat, readdir, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { escapePath, glob, isDynamicPattern, type FileSystemAdapter } from 'tinyglobby';
import { InputError, quoteValue } from '../errors.js';
import { splitLines } from '../inputs/parse-scalars.js';
import { compareNames } from './in-toto.js';
import { nameInside } from './subject-names.js';

/** A file to hash: its subject name (workspace-relative, `/`-separated) and where it is. */
export interface SubjectFile {
  readonly name: string;
  readonly path: string;
}

/** What `subject-path` names: files to hash, and the directories among them (for `archive`). */
export interface ExpandedSubjects {
  /** Every file, in the order the lines name them (a directory's or a glob's files sorted by name). */
  readonly files: SubjectFile[];
  /** Directories named by a line of their own, in line order, with their workspace-relative name. */
  readonly directories: SubjectFile[];
}

/** Most files one `subject-path` may name: a statement of more would be megabytes to sign and read. */
export const MAX_SUBJECTS = 100_000;

const EXAMPLE = '`dist/app.tar.gz` or `dist/**/*.js`, one per line';

/**
 * Expands `subject-path` (files, directories or globs, one per line) inside `workspace`. A
 * directory means every regular file under it, unless `keepDirectories` (the `archive` case), when
 * it is returned whole. Globs follow tinyglobby (dotfiles included, symlinked directories not
 * entered, symlinks to files counted). A line naming an existing path is that path, even when it
 * holds glob characters (`out/[id].js`). Anything under `exclude` (the output directory) is never
 * a subject. A line naming nothing, or a path outside the workspace, throws an InputError for `input`.
 */
export async function expandSubjectPaths(
  raw: string,
  workspace: string,
  options: { input: string; keepDirectories: boolean; exclude: string },
): Promise<ExpandedSubjects> {
  const { input } = options;
  const root = resolve(workspace);
  // Undefined when outside the workspace (verify passes `..`): then nothing is excluded.
  const excluded = nameInside(root, resolve(root, options.exclude));
  const lines = splitLines(raw);
  if (lines.length === 0) throw new InputError(input, 'names no file', EXAMPLE);
  const files: SubjectFile[] = [];
  const directories: SubjectFile[] = [];
  const seen = new Set<string>();
  const add = (file: SubjectFile): void => {
    if (seen.has(file.name)) return;
    if (seen.size >= MAX_SUBJECTS) {
      throw new InputError(
        input,
        `names more than ${MAX_SUBJECTS} files`,
        'a directory with `archive: true`',
      );
    }
    seen.add(file.name);
    files.push(file);
  };
  for (const line of lines) {
    if (line.includes('\0')) throw new InputError(input, `${quoteValue(line)} holds a NUL byte`, EXAMPLE);
    if (isDynamicPattern(line) && !(await exists(resolve(root, line)))) {
      if (isAbsolute(line) || line.split('/').includes('..')) {
        throw new InputError(input, `glob ${quoteValue(line)} reaches outside the workspace`, EXAMPLE);
      }
      const matches = await globFiles([line], root, excluded);
      if (matches.length === 0)
        throw new InputError(input, `glob ${quoteValue(line)} matches no file`, EXAMPLE);
      for (const name of matches) add({ name, path: join(root, name) });
      continue;
    }
    const path = resolve(root, line);
    const name = nameInside(root, path);
    if (name === undefined) {
      throw new InputError(input, `${quoteValue(line)} is outside the workspace ${root}`, EXAMPLE);
    }
    const stats = await stat(path).catch((error: unknown) => {
      const code = (error as { code?: string }).code;
      throw new InputError(
        input,
        `${quoteValue(line)} ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? 'error'})`}`,
        EXAMPLE,
        { cause: error },
      );
    });
    if (stats.isDirectory()) {
      if (isUnder(name, excluded)) {
        throw new InputError(input, `${quoteValue(line)} is the output directory or inside it`, EXAMPLE);
      }
      if (options.keepDirectories) {
        directories.push({ name: name === '' ? '.' : name, path });
        continue;
      }
      const matches = await globFiles([name === '' ? '**' : `${escapePath(name)}/**`], root, excluded);
      if (matches.length === 0)
        throw new InputError(input, `directory ${quoteValue(line)} holds no file`, EXAMPLE);
      for (const file of matches) add({ name: file, path: join(root, file) });
      continue;
    }
    if (!stats.isFile()) {
      throw new InputError(input, `${quoteValue(line)} is not a regular file or a directory`, EXAMPLE);
    }
    if (isUnder(name, excluded)) {
      throw new InputError(input, `${quoteValue(line)} is inside the output directory`, EXAMPLE);
    }
    add({ name, path });
  }
  return { files, directories };
}

/** Regular files (and symlinks to them) matching `patterns` below `root`, sorted, minus `excluded`. */
async function globFiles(patterns: string[], root: string, excluded: string | undefined): Promise<string[]> {
  const names = await glob(patterns, {
    cwd: root,
    dot: true,
    onlyFiles: true,
    followSymbolicLinks: false,
    expandDirectories: false,
    ignore: excluded === undefined || excluded === '' ? [] : [`${escapePath(excluded)}/**`],
    fs: LINKED_FILES_AS_FILES,
  });
  const files: string[] = [];
  for (const name of names) {
    // Sockets, FIFOs and devices are not artifacts; a symlink counts only when it leads to a file.
    const stats = await lstat(join(root, name));
    if (stats.isFile() || (stats.isSymbolicLink() && (await isFile(join(root, name))))) files.push(name);
  }
  return files.sort(compareNames);
}

/**
 * Not following symlinks, tinyglobby drops every symlink (fdir's `excludeSymlinks`), a symlink to
 * a file included. This readdir shows such a symlink as a file, so it is matched like one;
 * symlinks to directories (never entered) and dangling ones stay symlinks and are left out.
 */
const LINKED_FILES_AS_FILES: FileSystemAdapter = {
  readdir: ((
    path: string,
    _options: unknown,
    callback: (error: NodeJS.ErrnoException | null, entries: Dirent[]) => void,
  ): void => {
    readdir(path, { withFileTypes: true })
      .then((entries) =>
        Promise.all(
          entries.map(async (entry) => {
            if (!entry.isSymbolicLink() || !(await isFile(join(path, entry.name)))) return entry;
            const file = Object.create(entry) as Dirent;
            file.isFile = () => true;
            file.isSymbolicLink = () => false;
            return file;
          }),
        ),
      )
      .then(
        (entries) => callback(null, entries),
        (error: NodeJS.ErrnoException) => callback(error, []),
      );
  }) as unknown as FileSystemAdapter['readdir'],
};

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (stats) => stats.isFile(),
    () => false,
  );
}

/** Whether the workspace-relative `name` is `dir` or below it (`dir` outside the workspace: never). */
function isUnder(name: string, dir: string | undefined): boolean {
  return dir !== undefined && dir !== '' && (name === dir || name.startsWith(`${dir}/`));
}
