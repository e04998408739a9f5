/**
 * Finds a node executable: `pkg: katazuke` names one of `nodes/` (see `nodes/index.ts`); an
 * `exec` ending in `.ts`/`.js`/`.mjs` is a module path (relative to the launch file) whose
 * default export is a `NodeExecutable`, for nodes that live outside this package.
 */
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { NODE_EXECUTABLES } from '../../../nodes/index.ts';
import type { NodeExecutable } from './NodeExecutable.ts';

export const PACKAGE_NAME = 'katazuke';

export function isModulePath(exec: string): boolean {
  return /\.(ts|js|mjs)$/.test(exec);
}

export async function loadExecutable(
  pkg: string,
  exec: string,
  baseDir: string = process.cwd(),
): Promise<NodeExecutable> {
  if (isModulePath(exec)) {
    const path = isAbsolute(exec) ? exec : resolve(baseDir, exec);
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
  if (pkg !== PACKAGE_NAME)
    throw new Error(
      `unknown package '${pkg}': katazuke runs the '${PACKAGE_NAME}' package's nodes or a node module path (exec: ./my_node.ts)`,
    );
  const load = NODE_EXECUTABLES[exec];
  if (!load)
    throw new Error(
      `package '${pkg}' has no executable '${exec}' (it has: ${Object.keys(NODE_EXECUTABLES).sort().join(', ')})`,
    );
  return (await load()).default;
}
