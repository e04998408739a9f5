/**
 * What an item rests on, from what the robot knows rather than from the item's box: the floor its
 * own wheels stand on, or the top or a shelf of a piece of furniture the house description gives. The box's
 * bottom is only as good as the perception (a centimetre or two off), and on a pen or a sweet
 * wrapper that is the difference between fingertips under its edge and fingertips above it.
 */
import { placeLevels, type HousePlace } from '../world/houseDescription.ts';
import type { ItemBox } from './itemCloud.ts';
import { distanceToFootprint } from './placeApproach.ts';

/** A surface this near the box's bottom (m) is what the item rests on. */
const SNAP_M = 0.05;

/** The box resting on the nearest known surface near its bottom, and that surface's height; the box as it is when none is near. */
export function onKnownSupport(
  box: ItemBox,
  places: readonly HousePlace[] = [],
  floorZ = 0,
): { readonly box: ItemBox; readonly supportZ: number } {
  const bottom = box.center[2] - box.size[2] / 2;
  const top = box.center[2] + box.size[2] / 2;
  let supportZ = bottom;
  let nearest = SNAP_M;
  const consider = (height: number) => {
    if (Math.abs(height - bottom) <= nearest && height < top) {
      nearest = Math.abs(height - bottom);
      supportZ = height;
    }
  };
  consider(floorZ);
  for (const place of places)
    if (place.kind !== 'container' && distanceToFootprint(place, box.center[0], box.center[1]) === 0)
      for (const levelZ of placeLevels(place)) consider(levelZ);
  return {
    box: {
      center: [box.center[0], box.center[1], (supportZ + top) / 2],
      size: [box.size[0], box.size[1], top - supportZ],
    },
    supportZ,
  };
}
