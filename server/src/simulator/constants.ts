/**
 * Named constants the interpreted code may use: errno values, GFP flags and the
 * pid-allocator constants. Values follow the kernel's ABI (x86-64) so that a
 * returned errno means what the reader expects.
 */

export const ERRNO: Record<string, number> = {
  EPERM: 1, ENOENT: 2, ESRCH: 3, EINTR: 4, EIO: 5, ENXIO: 6, E2BIG: 7, ENOEXEC: 8, EBADF: 9, ECHILD: 10,
  EAGAIN: 11, EWOULDBLOCK: 11, ENOMEM: 12, EACCES: 13, EFAULT: 14, EBUSY: 16, EEXIST: 17, EXDEV: 18,
  ENODEV: 19, ENOTDIR: 20, EISDIR: 21, EINVAL: 22, ENFILE: 23, EMFILE: 24, ENOTTY: 25, EFBIG: 27,
  ENOSPC: 28, ESPIPE: 29, EROFS: 30, EMLINK: 31, EPIPE: 32, EDOM: 33, ERANGE: 34, EDEADLK: 35,
  ENAMETOOLONG: 36, ENOLCK: 37, ENOSYS: 38, ENOTEMPTY: 39, ELOOP: 40, ENODATA: 61, ETIME: 62,
  EOVERFLOW: 75, EILSEQ: 84, EUSERS: 87, ENOTSOCK: 88, EMSGSIZE: 90, EOPNOTSUPP: 95, ENOTSUP: 95,
  EADDRINUSE: 98, ENOBUFS: 105, ETIMEDOUT: 110, ECONNREFUSED: 111, EALREADY: 114, EINPROGRESS: 115,
  ESTALE: 116, EDQUOT: 122, ECANCELED: 125, EOWNERDEAD: 130, ERESTARTSYS: 512, ENOTSUPP: 524,
};

/** Largest errno an ERR_PTR may carry. */
export const MAX_ERRNO = 4095;

/** The GFP bit that lets an allocation sleep and reclaim; its absence makes it atomic. */
export const GFP_DIRECT_RECLAIM = 0x400;

export const GFP: Record<string, number> = {
  __GFP_HIGH: 0x20, __GFP_ZERO: 0x100, __GFP_DIRECT_RECLAIM: GFP_DIRECT_RECLAIM, __GFP_KSWAPD_RECLAIM: 0x800,
  __GFP_NOWARN: 0x2000, __GFP_ACCOUNT: 0x400000, __GFP_NOFAIL: 0x8000, __GFP_NORETRY: 0x10000,
  GFP_ATOMIC: 0x820, GFP_NOWAIT: 0x800, GFP_KERNEL: 0xcc0, GFP_KERNEL_ACCOUNT: 0x400cc0, GFP_NOIO: 0xc00,
  GFP_NOFS: 0xc40, GFP_USER: 0x100cc0, GFP_HIGHUSER: 0x100cc2,
};

/** PIDNS_ADDING is the top bit of the unsigned pid_allocated counter. */
export const PIDNS_ADDING = 0x80000000;
export const RESERVED_PIDS = 300;
export const PID_MAX_DEFAULT = 0x8000;
export const PID_MAX_LIMIT = 0x400000;
export const MAX_PID_NS_LEVEL = 32;
export const PIDTYPE_MAX = 4;

/** Every identifier that names a constant, with its value. */
export const CONSTANTS: Record<string, number> = {
  ...ERRNO,
  ...GFP,
  MAX_ERRNO,
  PIDNS_ADDING,
  RESERVED_PIDS,
  PID_MAX_DEFAULT,
  PID_MAX_LIMIT,
  MAX_PID_NS_LEVEL,
  PIDTYPE_PID: 0, PIDTYPE_TGID: 1, PIDTYPE_PGID: 2, PIDTYPE_SID: 3, PIDTYPE_MAX,
  INT_MAX: 0x7fffffff, INT_MIN: -0x80000000, UINT_MAX: 0xffffffff, LONG_MAX: Number.MAX_SAFE_INTEGER,
  U32_MAX: 0xffffffff, S32_MAX: 0x7fffffff, U16_MAX: 0xffff, U8_MAX: 0xff, ULONG_MAX: Number.MAX_SAFE_INTEGER,
  HZ: 250, NR_CPUS: 64, PAGE_SIZE: 4096, PAGE_SHIFT: 12, BITS_PER_LONG: 64, SIZE_MAX: Number.MAX_SAFE_INTEGER,
  true: 1, false: 0, NULL: 0,
};
