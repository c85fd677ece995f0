/**
 * Expands the command line's paths to the files to analyse. A file named
 * explicitly is analysed whatever its extension; directories contribute their
 * *.c and *.h files, recursively, sorted, without following symlinked
 * directories (a kernel tree has loops) and skipping hidden ones (.git).
 */
import * as fs from 'fs';
import * as path from 'path';

export interface CollectedFiles {
  files: string[];
  /** One message per path that could not be used; the other paths still count. */
  errors: Array<{ path: string; message: string }>;
}

const C_SOURCE = /\.[ch]$/;

/** `ENOENT` → "no such file or directory": node's messages without the syscall noise. */
export function ioReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOENT': return 'no such file or directory';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'is a directory';
    case 'ENOTDIR': return 'not a directory';
    case 'ELOOP': return 'too many levels of symbolic links';
    default: return err instanceof Error ? err.message : String(err);
  }
}

/** The C files under `dir`, walked with an explicit stack so deep trees cannot overflow the call stack. */
function walk(dir: string, errors: CollectedFiles['errors']): string[] {
  const found: string[] = [];
  const stack = [dir];
  while (stack.length) {
    const current = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(current, { withFileTypes: true });
    } catch (err) {
      errors.push({ path: current, message: `cannot read directory ${current}: ${ioReason(err)}` });
      continue;
    }
    const subdirs: string[] = [];
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const full = path.join(current, e.name);
      if (e.isDirectory()) subdirs.push(full);
      else if (C_SOURCE.test(e.name) && (e.isFile() || (e.isSymbolicLink() && isFile(full)))) found.push(full);
    }
    // Reverse so the stack pops them in name order.
    stack.push(...subdirs.sort().reverse());
  }
  return found.sort();
}

function isFile(p: string): boolean {
  try { return fs.statSync(p).isFile(); } catch { return false; }
}

export function collectFiles(paths: string[]): CollectedFiles {
  const files: string[] = [];
  const errors: CollectedFiles['errors'] = [];
  const seen = new Set<string>();
  const add = (f: string) => {
    const key = path.resolve(f);
    if (!seen.has(key)) { seen.add(key); files.push(f); }
  };
  for (const p of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch (err) {
      errors.push({ path: p, message: `cannot read ${p}: ${ioReason(err)}` });
      continue;
    }
    if (stat.isDirectory()) {
      const under = walk(p, errors);
      if (under.length === 0) errors.push({ path: p, message: `no *.c or *.h files under directory ${p}` });
      under.forEach(add);
    } else if (stat.isFile()) add(p);
    else errors.push({ path: p, message: `cannot read ${p}: not a regular file or directory` });
  }
  return { files, errors };
}
