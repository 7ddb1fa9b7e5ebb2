// Apart from subjects.ts (globbing, tinyglobby): one-box-deploy, rollback and the stage check an
// artifact's name without expanding any subject path, and load no glob engine for it.
import { isAbsolute, relative, sep } from 'node:path';

/** `path` as a `/`-separated name relative to `root`; '' for root itself; undefined when outside. */
export function nameInside(root: string, path: string): string | undefined {
  const inside = relative(root, path);
  if (inside === '') return '';
  if (inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return undefined;
  return inside.split(sep).join('/');
}
