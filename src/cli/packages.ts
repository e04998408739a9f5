/**
 * The package index the command line hands to the launcher: the folders on
 * KATAZUKE_PACKAGE_PATH (colon-separated, like AMENT_PREFIX_PATH; earlier ones win), then katazuke
 * itself.
 */
import { fileURLToPath } from 'node:url';
import { PackageIndex } from '../runtime/launch/PackageIndex.ts';

export const KATAZUKE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function packageIndex(environment: NodeJS.ProcessEnv = process.env): PackageIndex {
  const path = (environment.KATAZUKE_PACKAGE_PATH ?? '').split(':').filter(Boolean);
  return PackageIndex.fromRoots([...path, KATAZUKE_ROOT]);
}
