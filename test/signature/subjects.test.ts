import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { InputError } from '../../packages/core/src/errors.js';
import { compareNames } from '../../packages/core/src/signature/in-toto.js';
import { expandSubjectPaths, type ExpandedSubjects } from '../../packages/core/src/signature/subjects.js';
import { requireTool } from '../support/require-tool.js';
import { tempDir } from '../support/openssl.js';

const OUT = '.hands-off/signature';

/** Writes `files` (workspace-relative, `/`-separated) with their own name as content. */
function tree(files: readonly string[]): string {
  const dir = tempDir('subjects');
  for (const name of files) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), name);
  }
  return dir;
}

function expand(
  raw: string,
  workspace: string,
  options: { keepDirectories?: boolean; exclude?: string } = {},
): Promise<ExpandedSubjects> {
  return expandSubjectPaths(raw, workspace, {
    input: 'subject-path',
    keepDirectories: options.keepDirectories ?? false,
    exclude: options.exclude ?? OUT,
  });
}

async function names(raw: string, workspace: string, exclude = OUT): Promise<string[]> {
  const { files, directories } = await expand(raw, workspace, { exclude });
  expect(directories).toEqual([]);
  for (const file of files) expect(file.path).toBe(join(workspace, file.name));
  return files.map((file) => file.name);
}

/** The InputError `raw` is refused with (fails the test when it is accepted or throws another error). */
async function refusal(raw: string, workspace: string, exclude = OUT): Promise<string> {
  const error = await expand(raw, workspace, { exclude }).then(
    (result) => new Error(`expected a refusal, got ${JSON.stringify(result)}`),
    (caught: unknown) => caught as Error,
  );
  expect(error).toBeInstanceOf(InputError);
  expect(error.message).toMatch(/^input `subject-path`: /);
  expect(error.message).not.toContain('\n');
  return error.message;
}

const BUILD = [
  'dist/app.js',
  'dist/lib/util.js',
  'dist/lib/util.js.map',
  'dist/.env',
  'dist/z.css',
  'README.md',
];

describe('expandSubjectPaths', () => {
  it('takes files one per line, in line order, named relative to the workspace', async () => {
    const dir = tree(BUILD);
    expect(await names('README.md\ndist/app.js\n\n  dist/lib/util.js  ', dir)).toEqual([
      'README.md',
      'dist/app.js',
      'dist/lib/util.js',
    ]);
    // A path through `..` that stays inside is named by where it leads.
    expect(await names('dist/lib/../app.js', dir)).toEqual(['dist/app.js']);
    expect(await names(`${dir}/dist/app.js`, dir)).toEqual(['dist/app.js']);
  });

  it('expands a directory to every file under it, sorted by byte order, dotfiles included', async () => {
    const dir = tree([...BUILD, 'dist/B.js', 'dist/a b.js', 'dist/é.js', 'dist/deep/er/x.bin']);
    expect(await names('dist', dir)).toEqual([
      'dist/.env',
      'dist/B.js',
      'dist/a b.js',
      'dist/app.js',
      'dist/deep/er/x.bin',
      'dist/lib/util.js',
      'dist/lib/util.js.map',
      'dist/z.css',
      'dist/é.js',
    ]);
    expect(await names('dist/', dir)).toEqual(await names('dist', dir));
    expect(await names('.', dir)).toEqual(expect.arrayContaining(['README.md', 'dist/.env']));
  });

  it('takes a line naming an existing file with glob characters as that file, not as a glob', async () => {
    // Route files of Next.js or SvelteKit builds: `[id].js` as a glob would be `i.js` or `d.js`.
    const dir = tree(['out/[id].js', 'out/i.js', 'out/d.js', 'out/(group)/page.js', 'out/+page.js']);
    expect(await names('out/[id].js', dir)).toEqual(['out/[id].js']);
    expect(await names('out/(group)/page.js\nout/+page.js', dir)).toEqual([
      'out/(group)/page.js',
      'out/+page.js',
    ]);
    // A glob naming no existing path is still a glob.
    expect(await names('out/[di].js', dir)).toEqual(['out/d.js', 'out/i.js']);
    expect((await expand('out/(group)', dir, { keepDirectories: true })).directories).toEqual([
      { name: 'out/(group)', path: join(dir, 'out/(group)') },
    ]);
  });

  it('expands a directory whose name holds glob characters literally', async () => {
    const dir = tree(['build [1]/a.js', 'build 1/b.js', 'out(x)/*star', 'out(x)/c.js', 'b/{a,b}/d.js']);
    expect(await names('build [1]', dir)).toEqual(['build [1]/a.js']);
    expect(await names('out(x)', dir)).toEqual(['out(x)/*star', 'out(x)/c.js']);
    expect(await names('b/{a,b}', dir)).toEqual(['b/{a,b}/d.js']);
  });

  it('expands globs to the files they match, sorted', async () => {
    const dir = tree(BUILD);
    expect(await names('dist/**/*.js', dir)).toEqual(['dist/app.js', 'dist/lib/util.js']);
    expect(await names('dist/*', dir)).toEqual(['dist/.env', 'dist/app.js', 'dist/z.css']);
    expect(await names('**/*.md', dir)).toEqual(['README.md']);
    // A glob matches files, never a directory itself.
    expect(await names('dist/l*', dir).catch((error: Error) => error.message)).toMatch(
      /glob `dist\/l\*` matches no file/,
    );
  });

  it('refuses a glob matching nothing, naming the glob', async () => {
    const dir = tree(BUILD);
    expect(await refusal('dist/app.js\ndist/**/*.wasm', dir)).toMatch(
      /^input `subject-path`: glob `dist\/\*\*\/\*\.wasm` matches no file; example/,
    );
  });

  it('refuses a line naming nothing, and an empty input', async () => {
    const dir = tree(BUILD);
    expect(await refusal('dist/missing.js', dir)).toMatch(/`dist\/missing\.js` does not exist/);
    expect(await refusal('', dir)).toMatch(/names no file/);
    expect(await refusal(' \n \n', dir)).toMatch(/names no file/);
    mkdirSync(join(dir, 'empty/sub'), { recursive: true });
    expect(await refusal('empty', dir)).toMatch(/directory `empty` holds no file/);
  });

  it('refuses paths outside the workspace', async () => {
    const parent = tempDir('subjects-parent');
    writeFileSync(join(parent, 'x'), 'outside');
    const dir = join(parent, 'ws');
    mkdirSync(join(dir, 'dist'), { recursive: true });
    writeFileSync(join(dir, 'dist/app.js'), 'app');
    for (const line of ['../x', '/etc/passwd', 'dist/../../x', '..', '/']) {
      expect(await refusal(line, dir)).toMatch(/is outside the workspace/);
    }
  });

  it('refuses a glob that reaches outside the workspace, absolute or through `..`', async () => {
    const dir = tree(BUILD);
    for (const line of ['../*', 'dist/../../**/*.js', '/etc/*', `${dir}/dist/*.js`, '**/../*']) {
      expect(await refusal(line, dir)).toMatch(
        /^input `subject-path`: glob `.*` reaches outside the workspace/,
      );
    }
  });

  it('excludes the output directory when a parent directory is named', async () => {
    const dir = tree([...BUILD, `${OUT}/subjects.intoto.jsonl`, `${OUT}/SHA256SUMS`, '.hands-off/keep.txt']);
    const all = await names('.', dir);
    expect(all).toContain('.hands-off/keep.txt');
    expect(all.filter((name) => name.startsWith(`${OUT}/`))).toEqual([]);
    expect(await names('.hands-off', dir)).toEqual(['.hands-off/keep.txt']);
    expect(await names('**/SHA256SUMS', dir).catch((error: Error) => error.message)).toMatch(
      /glob `\*\*\/SHA256SUMS` matches no file/,
    );
    expect(await names('.hands-off/**', dir)).toEqual(['.hands-off/keep.txt']);
  });

  it('refuses the output directory itself and a file inside it', async () => {
    const dir = tree([...BUILD, `${OUT}/SHA256SUMS`]);
    expect(await refusal(OUT, dir)).toMatch(/is the output directory or inside it/);
    expect(await refusal(`${OUT}/`, dir)).toMatch(/is the output directory or inside it/);
    expect(await refusal(`${OUT}/SHA256SUMS`, dir)).toMatch(/is inside the output directory/);
    expect(await refusal(`dist/../${OUT}/SHA256SUMS`, dir)).toMatch(/is inside the output directory/);
  });

  it('does not mistake a sibling whose name starts like the output directory for it', async () => {
    const dir = tree(['out/a.js', 'out-old/b.js', 'outx.js']);
    expect(await names('.', dir, 'out')).toEqual(['out-old/b.js', 'outx.js']);
    expect(await names('out-old', dir, 'out')).toEqual(['out-old/b.js']);
  });

  it('honours an output directory whose name starts with two dots', async () => {
    const dir = tree(['..sig/SHA256SUMS', 'dist/app.js']);
    expect(await names('.', dir, '..sig')).toEqual(['dist/app.js']);
    expect(await refusal('..sig/SHA256SUMS', dir, '..sig')).toMatch(/is inside the output directory/);
  });

  it('keeps each file once, at its first mention', async () => {
    const dir = tree(BUILD);
    expect(await names('dist/z.css\ndist\ndist/**/*.js\ndist/app.js\n./dist/z.css', dir)).toEqual([
      'dist/z.css',
      'dist/.env',
      'dist/app.js',
      'dist/lib/util.js',
      'dist/lib/util.js.map',
    ]);
  });

  it('skips a FIFO in a directory without opening it, and refuses one named directly', async () => {
    requireTool('mkfifo', ['--version'], 'apt-get install -y coreutils');
    const dir = tree(['dist/app.js']);
    execFileSync('mkfifo', [join(dir, 'dist/pipe')]);
    // Reading the FIFO would block forever: finishing at all is the test.
    expect(await names('dist', dir)).toEqual(['dist/app.js']);
    expect(await names('dist/*', dir)).toEqual(['dist/app.js']);
    expect(await refusal('dist/pipe', dir)).toMatch(/`dist\/pipe` is not a regular file or a directory/);
  });

  it('counts a symlink to a file inside, not one to a directory or one that leads nowhere', async () => {
    const dir = tree(['dist/app.js', 'src/real.js', 'src/sub/inner.js']);
    symlinkSync('../src/real.js', join(dir, 'dist/link.js'));
    symlinkSync('../src/sub', join(dir, 'dist/linkdir'));
    symlinkSync('../src/gone.js', join(dir, 'dist/dangling.js'));
    expect(await names('dist', dir)).toEqual(['dist/app.js', 'dist/link.js']);
    expect(await names('dist/*.js', dir)).toEqual(['dist/app.js', 'dist/link.js']);
    expect(await names('dist/link.js', dir)).toEqual(['dist/link.js']);
    expect(await refusal('dist/dangling.js', dir)).toMatch(/does not exist/);
  });

  it('returns directories whole with keepDirectories, files and globs still as files', async () => {
    const dir = tree(BUILD);
    const expanded = await expand('dist/lib\nREADME.md\n.\ndist/*.css', dir, { keepDirectories: true });
    expect(expanded).toEqual({
      files: [
        { name: 'README.md', path: join(dir, 'README.md') },
        { name: 'dist/z.css', path: join(dir, 'dist/z.css') },
      ],
      directories: [
        { name: 'dist/lib', path: join(dir, 'dist/lib') },
        { name: '.', path: dir },
      ],
    });
    expect(
      await expand(OUT, tree([`${OUT}/x`]), { keepDirectories: true }).catch((e: Error) => e),
    ).toBeInstanceOf(InputError);
  });

  it('refuses a NUL byte in a line', async () => {
    const dir = tree(BUILD);
    expect(await refusal('dist/app.js\0x', dir)).toMatch(/holds a NUL byte/);
  });
});

/** Every regular file under `dir`, by a plain recursive readdir, as `/`-separated names under `prefix`. */
function regularFiles(dir: string, root: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...regularFiles(path, root));
    else if (entry.isFile()) found.push(relative(root, path).split(sep).join('/'));
  }
  return found;
}

/** A small tree: each entry a file (null) or a directory of entries. */
type Tree = { [name: string]: Tree | null };

const NAME_CHARS = ['a', 'b', 'Z', '0', '-', '_', '.', ' ', 'é', 'ß', '日', '本', '😀', '\u0301'];

/** Names from a safe alphabet (spaces and unicode included), never `.` or `..`. */
const nameArb = fc
  .array(fc.constantFrom(...NAME_CHARS), { minLength: 1, maxLength: 6 })
  .map((chars) => chars.join(''))
  .filter((name) => name !== '.' && name !== '..');

const treeArb: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc
    .uniqueArray(fc.tuple(nameArb, fc.oneof({ depthSize: 'small' }, fc.constant(null), tie('tree'))), {
      maxLength: 4,
      selector: ([name]) => name,
    })
    .map((entries) => Object.fromEntries(entries) as Tree),
})).tree;

function writeTree(dir: string, entries: Tree): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, child] of Object.entries(entries)) {
    if (child === null) writeFileSync(join(dir, name), name);
    else writeTree(join(dir, name), child);
  }
}

describe('expandSubjectPaths property', () => {
  let base: string;
  beforeAll(() => {
    base = tempDir('subjects-prop');
  });

  it('expanding a directory returns exactly its regular files, relative, `/`-separated, sorted', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        nameArb.filter((name) => name.trim() === name),
        treeArb,
        async (rootName, entries) => {
          const workspace = join(base, String(runs++));
          writeTree(join(workspace, rootName), entries);
          try {
            const expected = regularFiles(join(workspace, rootName), workspace).sort(compareNames);
            if (expected.length === 0) {
              await expect(expand(rootName, workspace)).rejects.toThrow(/holds no file/);
              return;
            }
            const { files } = await expand(rootName, workspace);
            expect(files.map((file) => file.name)).toEqual(expected);
            for (const file of files) {
              expect(file.name.startsWith(`${rootName}/`)).toBe(true);
              expect(file.path).toBe(join(workspace, ...file.name.split('/')));
            }
            // The workspace root holds the same files.
            expect((await expand('.', workspace)).files.map((file) => file.name)).toEqual(expected);
          } finally {
            rmSync(workspace, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 150 },
    );
    expect(runs).toBeGreaterThanOrEqual(150);
  });
});
