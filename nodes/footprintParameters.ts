/**
 * The base footprint's radius as a node's parameters give it, the same way in every navigation
 * node: `robot_radius` (m), or when it is 0 the base link's collision geometry in the URDF at
 * `robot_description_file` (the sim's robot by default).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { footprintRadiusFromUrdf } from '../src/navigation/index.ts';
import type { Node } from '../src/runtime/Node.ts';

const DEFAULT_URDF = fileURLToPath(new URL('../sim/robot/hsr.urdf', import.meta.url));

export function declareFootprintRadius(node: Node): number {
  const urdfFile = node.declareParameter('robot_description_file', {
    type: 'string',
    default: DEFAULT_URDF,
    description: 'URDF whose base_link collision gives the footprint',
  });
  const radius = node.declareParameter('robot_radius', {
    type: 'double',
    default: 0,
    description: 'footprint radius (m); 0 = from the URDF',
    range: { from: 0, to: 5 },
  });
  return radius > 0 ? radius : footprintRadiusFromUrdf(readFileSync(urdfFile, 'utf8'));
}
