// Our build environment's npm registry mirror serves only the linux-x64 builds of packages that ship native
// binaries per platform (@swc/core, msgpackr-extract, unrs-resolver…), so `npm install` leaves the other
// platforms' optional packages out of package-lock.json and `npm ci` then refuses the lock as out of sync.
// This adds those entries back (name, exact version, os/cpu/libc read from the package name), exactly as npm
// writes them on a machine with the full registry. Run it after changing dependencies: `node scripts/complete-lockfile.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const lockPath = join(dirname(fileURLToPath(import.meta.url)), '..', 'package-lock.json');
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const OS = ['darwin', 'linux', 'win32', 'freebsd', 'android', 'openharmony', 'netbsd', 'openbsd', 'sunos', 'aix'];
const CPU = ['x64', 'arm64', 'arm', 'ia32', 'ppc64', 's390x', 'riscv64', 'loong64', 'wasm32', 'mips64el'];

function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = parts.find((part) => OS.includes(part));
  const cpu =
    parts.find((part) => CPU.includes(part)) ??
    (parts.includes('gnueabihf') || parts.includes('musleabihf') ? 'arm' : undefined);
  const libc = parts.some((part) => part.startsWith('musl'))
    ? 'musl'
    : parts.some((part) => part.startsWith('gnu'))
      ? 'glibc'
      : undefined;
  return { os, cpu, libc };
}

let added = 0;
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const [dep, range] of Object.entries(entry.optionalDependencies ?? {})) {
    const base = path ? `${path}/node_modules/${dep}` : `node_modules/${dep}`;
    if (lock.packages[base] || lock.packages[`node_modules/${dep}`]) {
      continue;
    }
    const { os, cpu, libc } = platformOf(dep);
    if (!os && !cpu) {
      continue; // not a per-platform binary package: leave it to npm
    }
    if (!/^\d+\.\d+\.\d+/.test(range)) {
      throw new Error(
        `${dep}@${range}: cannot complete a non-exact version; install on a machine with the full registry`,
      );
    }
    lock.packages[`node_modules/${dep}`] = {
      version: range,
      ...(cpu && { cpu: [cpu] }),
      ...(libc && { libc: [libc] }),
      optional: true,
      ...(os && { os: [os] }),
    };
    added += 1;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
);
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} platform packages`);
