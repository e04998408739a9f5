/** The sim's robot: an HSR-like mobile manipulator described by `hsr.urdf`. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseUrdf, type UrdfJoint } from '../../src/geometry/urdf.ts';

export const HSR_URDF = fileURLToPath(new URL('./hsr.urdf', import.meta.url));

export function loadHsrUrdf(): Map<string, UrdfJoint> {
  return parseUrdf(readFileSync(HSR_URDF, 'utf8'));
}
