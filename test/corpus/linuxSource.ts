/**
 * The Linux 6.12 corpus: Debian's `linux-source-6.12` package puts the kernel's
 * source on the machine as one .tar.xz, so we can measure the analysis on real
 * kernel code without the repository holding any of it. Only the directories
 * scanned are extracted, once, into a git-ignored cache; tests read that cache
 * and never install or download anything.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const LINUX_SOURCE_PACKAGE = 'linux-source-6.12';
export const TARBALL = process.env.LOCKLENS_LINUX_TARBALL ?? `/usr/src/${LINUX_SOURCE_PACKAGE}.tar.xz`;
/** The top directory of every path in the tarball; stripped when extracting. */
const TARBALL_TOP = LINUX_SOURCE_PACKAGE;
export const CACHE_DIR = process.env.LOCKLENS_CORPUS_DIR ?? path.join(REPO_ROOT, '.cache', 'linux-6.12');
/** Written after a successful extraction: which tarball, which entries. */
const STAMP = '.extracted.json';

export interface CorpusEntry {
  /** Path inside the kernel tree: a directory, or one file. */
  path: string;
  why: string;
}

/**
 * What the corpus scans. The core directories are scanned whole; from drivers/
 * a few directories whose locking differs from the core's, chosen so the run
 * stays within CI's time.
 */
export const CORPUS: readonly CorpusEntry[] = [
  { path: 'kernel', why: 'pid.c (the motivating case), scheduler, workqueues, timers: the densest spinlock/RCU code' },
  { path: 'ipc', why: 'ipc_addid()-style helpers that return with the lock held by design' },
  { path: 'mm', why: 'page-table and LRU locks, lock-dropping retry loops, GFP contexts' },
  { path: 'fs', why: 'inode/dentry locks, refcount_dec_and_lock/atomic_dec_and_lock, most IDR users among filesystems' },
  { path: 'drivers/base', why: 'the driver core: device_lock(), devres and kobject mutexes, callbacks under locks' },
  { path: 'drivers/tty', why: 'tty port/ldisc locking and serial drivers: irqsave spinlocks around waits, locks passed as parameters' },
  { path: 'drivers/char', why: 'misc character devices (ipmi, tpm, random): mutex-heavy, tpm uses the IDR' },
  { path: 'drivers/block', why: 'loop, nbd, zram, ublk: idr_alloc() under mutexes and spinlocks, queue freezing' },
  { path: 'drivers/scsi/sg.c', why: "one file: sg's open_wait() is entered with a lock held and drops it around a wait" },
];

/** Where a corpus path lives in the cache. */
export function corpusPath(rel: string): string {
  return path.join(CACHE_DIR, rel);
}

interface Stamp { tarball: string; size: number; mtimeMs: number; entries: string[] }

function readStamp(): Stamp | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(CACHE_DIR, STAMP), 'utf8')) as Stamp;
  } catch {
    return null;
  }
}

function tarballStat(): fs.Stats | null {
  try { return fs.statSync(TARBALL); } catch { return null; }
}

/** The entries already extracted from this very tarball (same size and mtime). */
function extractedEntries(): Set<string> {
  const stamp = readStamp();
  const st = tarballStat();
  if (!stamp || (st && (stamp.size !== st.size || stamp.mtimeMs !== st.mtimeMs))) return new Set();
  return new Set(stamp.entries.filter((e) => fs.existsSync(corpusPath(e))));
}

/**
 * For tests: null when the corpus can be read (extracting it from the tarball
 * first if the cache lacks some of it), else why not, to skip with.
 */
export function corpusSkipReason(entries: readonly CorpusEntry[] = CORPUS): string | null {
  if (entries.every((e) => extractedEntries().has(e.path))) return null;
  if (!tarballStat()) {
    return `${TARBALL} is absent (Debian package ${LINUX_SOURCE_PACKAGE}: \`npm run corpus\` installs it, and CI does)`;
  }
  ensureExtracted(entries);
  return null;
}

/**
 * Extracts the missing entries from the tarball into the cache. xz has to be
 * decompressed from the start whatever is asked for, so all missing entries are
 * taken in one pass (about 12 s on the CI machine). A lock file keeps two runs
 * (two test files, or a test and `npm run corpus`) from extracting at once; the
 * entries go to a scratch directory and are renamed into place, so an
 * interrupted run never leaves a half-extracted directory that looks complete.
 * Returns the entries it extracted.
 */
export function ensureExtracted(entries: readonly CorpusEntry[] = CORPUS): string[] {
  if (entries.every((e) => extractedEntries().has(e.path))) return [];
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const release = takeLock(path.join(CACHE_DIR, '.extract.lock'));
  try {
    const have = extractedEntries();
    const missing = entries.map((e) => e.path).filter((p) => !have.has(p));
    if (missing.length === 0) return [];
    const st = tarballStat();
    if (!st) throw new Error(`${TARBALL} is absent: install the Debian package ${LINUX_SOURCE_PACKAGE}`);
    extractInto(missing);
    const stamp: Stamp = { tarball: TARBALL, size: st.size, mtimeMs: st.mtimeMs, entries: [...new Set([...have, ...missing])].sort() };
    fs.writeFileSync(path.join(CACHE_DIR, STAMP), JSON.stringify(stamp, null, 2) + '\n');
    return missing;
  } finally {
    release();
  }
}

function extractInto(missing: string[]): void {
  const scratch = fs.mkdtempSync(path.join(CACHE_DIR, '.extracting-'));
  try {
    // Directories are matched with a trailing '/*' so `fs` cannot also match a file named `fs.c`.
    const patterns = missing.map((p) => (/\.[ch]$/.test(p) ? `${TARBALL_TOP}/${p}` : `${TARBALL_TOP}/${p}/*`));
    const tar = spawnSync('tar', ['-xJf', TARBALL, '-C', scratch, '--strip-components=1', '--wildcards', ...patterns], { encoding: 'utf8' });
    if (tar.status !== 0) throw new Error(`tar failed (${tar.status ?? tar.signal}): ${tar.stderr.trim()}`);
    for (const rel of missing) {
      const from = path.join(scratch, rel);
      if (!fs.existsSync(from)) throw new Error(`${rel} is not in ${TARBALL}`);
      const to = corpusPath(rel);
      fs.rmSync(to, { recursive: true, force: true });
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.renameSync(from, to);
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** An exclusive lock file; one left by a run that died is taken over after STALE_LOCK_MS. */
const STALE_LOCK_MS = 10 * 60_000;
function takeLock(file: string): () => void {
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      fs.closeSync(fs.openSync(file, 'wx'));
      return () => fs.rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      try {
        if (Date.now() - fs.statSync(file).mtimeMs > STALE_LOCK_MS) fs.rmSync(file, { force: true });
      } catch { /* released meanwhile: try again */ }
      Atomics.wait(sleeper, 0, 0, 200);
    }
  }
}

/**
 * Installs the Debian package when its tarball is missing. Only `npm run corpus`
 * and CI call this; tests never touch the network. Returns a message saying
 * what happened, or throws with what the user must do.
 */
export function ensureTarball(): string {
  if (tarballStat()) return `${TARBALL} present`;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' }).status === 0;
  if (!isRoot || !hasApt) {
    throw new Error(`${TARBALL} is absent and cannot be installed here (needs root and apt-get): run \`apt-get install ${LINUX_SOURCE_PACKAGE}\``);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', LINUX_SOURCE_PACKAGE], { stdio: 'inherit', env });
  // A fresh machine's package lists may not know the package yet: update once, then retry.
  if (install().status !== 0) {
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    const again = install();
    if (again.status !== 0) throw new Error(`apt-get install ${LINUX_SOURCE_PACKAGE} failed (exit ${again.status})`);
  }
  if (!tarballStat()) throw new Error(`${LINUX_SOURCE_PACKAGE} installed but ${TARBALL} is still absent`);
  return `installed ${LINUX_SOURCE_PACKAGE}`;
}
