/** Half the extents of an item's shape along its own axes (m); cylinders and capsules stand along z. */
import type { WorldItem } from './World.ts';

export function itemHalfExtents(item: Pick<WorldItem, 'shape' | 'dimensions'>): [number, number, number] {
  const d = item.dimensions;
  switch (item.shape) {
    case 'box':
    case 'cloth':
      return [d[0]! / 2, d[1]! / 2, d[2]! / 2];
    case 'cylinder':
      return [d[0]!, d[0]!, d[1]! / 2];
    case 'sphere':
      return [d[0]!, d[0]!, d[0]!];
    case 'capsule':
      return [d[0]!, d[0]!, d[1]! / 2 + d[0]!];
  }
}
