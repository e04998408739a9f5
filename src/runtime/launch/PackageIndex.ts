/**
 * Where `katazuke run PKG EXEC`, a launch file's `node` and `$(find-pkg-share PKG)` find a
 * package, as `ros2 run` finds one in the ament index: a package is a folder whose
 * `package.json` names it and lists its node executables under `katazuke.executables`
 * (executable name → module path, relative to that folder, whose default export is a
 * `NodeExecutable`). The index is handed in by whoever starts the launcher (the CLI), so the
 * runtime knows no particular package. An `exec` ending in `.ts`/`.js`/`.mjs` is a module path
 * (relative to the launch file) for a node that belongs to no package.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { NodeExecutable } from './NodeExecutable.ts';

interface PackageEntry {
  readonly root: string;
  readonly executables: Readonly<Record<string, string>>;
}

export function isModulePath(exec: string): boolean {
  return /\.(ts|js|mjs)$/.test(exec);
}

export class PackageIndex {
  readonly #packages = new Map<string, PackageEntry>();

  /** An index of the packages whose folders are `roots` (the first of a name wins, as in a path). */
  static fromRoots(roots: readonly string[]): PackageIndex {
    const index = new PackageIndex();
    for (const root of roots) {
      const manifest = join(root, 'package.json');
      let parsed: { name?: unknown; katazuke?: { executables?: unknown } };
      try {
        parsed = JSON.parse(readFileSync(manifest, 'utf8')) as typeof parsed;
      } catch (error) {
        throw new Error(`package index: cannot read '${manifest}': ${(error as Error).message}`);
      }
      if (typeof parsed.name !== 'string')
        throw new Error(`package index: '${manifest}' has no package name`);
      const executables = parsed.katazuke?.executables ?? {};
      if (typeof executables !== 'object' || executables === null || Array.isArray(executables))
        throw new Error(`package index: '${manifest}' katazuke.executables must map names to module paths`);
      for (const [name, path] of Object.entries(executables))
        if (typeof path !== 'string')
          throw new Error(`package index: '${manifest}' executable '${name}' must be a module path`);
      if (!index.#packages.has(parsed.name))
        index.#packages.set(parsed.name, {
          root: resolve(root),
          executables: executables as Record<string, string>,
        });
    }
    return index;
  }

  get packageNames(): string[] {
    return [...this.#packages.keys()].sort();
  }

  /** The package's folder (what `$(find-pkg-share PKG)` stands for). */
  share(pkg: string): string {
    return this.#entry(pkg).root;
  }

  executableNames(pkg: string): string[] {
    return Object.keys(this.#entry(pkg).executables).sort();
  }

  /** Loads `exec` of `pkg`, or the module at path `exec` (relative to `baseDir`). */
  async load(pkg: string, exec: string, baseDir: string = process.cwd()): Promise<NodeExecutable> {
    if (isModulePath(exec)) return loadModule(isAbsolute(exec) ? exec : resolve(baseDir, exec));
    const entry = this.#entry(pkg);
    const path = entry.executables[exec];
    if (path === undefined)
      throw new Error(
        `package '${pkg}' has no executable '${exec}' (it has: ${Object.keys(entry.executables).sort().join(', ')})`,
      );
    return loadModule(resolve(entry.root, path));
  }

  #entry(pkg: string): PackageEntry {
    const entry = this.#packages.get(pkg);
    if (!entry)
      throw new Error(
        `unknown package '${pkg}' (known: ${this.packageNames.join(', ') || 'none'}; a node module path also works: exec: ./my_node.ts)`,
      );
    return entry;
  }
}

async function loadModule(path: string): Promise<NodeExecutable> {
  let module: { default?: NodeExecutable };
  try {
    module = (await import(pathToFileURL(path).href)) as { default?: NodeExecutable };
  } catch (error) {
    throw new Error(`cannot load node module '${path}': ${(error as Error).message}`);
  }
  if (typeof module.default?.start !== 'function')
    throw new Error(`node module '${path}' has no default export made with defineNode()`);
  return module.default;
}
