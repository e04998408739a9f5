/**
 * What an item rests on, from what the robot knows rather than from the item's box: the floor its
 * own wheels stand on, or the top or a shelf of a piece of furniture the house description gives. The box's
 * bottom is only as good as the perception (a centimetre or two off), and on a pen or a sweet
 * wrapper that is the difference between fingertips under its edge and fingertips above it.
 */
import { placeLevels, placeTopZ, type HousePlace } from '../world/houseDescription.ts';
import type { ItemBox } from './itemCloud.ts';
import { distanceToFootprint } from './placeApproach.ts';

/** A surface this near the box's bottom (m) is what the item rests on. */
const SNAP_M = 0.05;
/** A board or top's thickness (m): what is over an item ends this far below the board's top. */
const BOARD_M = 0.02;

/**
 * The box resting on the nearest known surface near its bottom, and that surface's height (the
 * box as it is when none is near); and the underside of what the house has over it (a table it
 * lies under, the shelf board above it; Infinity in the open), which nothing of it reaches.
 */
export function onKnownSupport(
  box: ItemBox,
  places: readonly HousePlace[] = [],
  floorZ = 0,
): { readonly box: ItemBox; readonly supportZ: number; readonly ceilingZ: number } {
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
  let ceilingZ = Infinity;
  for (const place of places) {
    if (distanceToFootprint(place, box.center[0], box.center[1]) > 0) continue;
    const levels = placeLevels(place);
    if (place.kind !== 'container') for (const levelZ of levels) consider(levelZ);
    for (const levelZ of [...levels, placeTopZ(place)])
      if (levelZ > top + BOARD_M) ceilingZ = Math.min(ceilingZ, levelZ - BOARD_M);
  }
  return {
    box: {
      center: [box.center[0], box.center[1], (supportZ + top) / 2],
      size: [box.size[0], box.size[1], top - supportZ],
    },
    supportZ,
    ceilingZ,
  };
}
