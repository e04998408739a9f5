/**
 * An item's points without those of the furniture beside it: a point within FACE_M of the
 * footprint of a piece of furniture the house names, and below its top, is the furniture's side.
 * The furniture the item lies on or under (its footprint holds the item's middle) is kept: its
 * points there are the item's. Next to a coat hook the detector saw a "bag" that was the hook's
 * foot; the jaws closed on nothing three times in front of it.
 */
import { placeTopZ, type HousePlace } from '../world/houseDescription.ts';
import { distanceToFootprint } from './placeApproach.ts';

/** How far outside a footprint its faces are still seen (m): the depth's noise, and a little. */
const FACE_M = 0.02;

/** xyz triples of `points` that are not the side of furniture other than what holds `center`. */
export function outsideFurniture(
  points: Float64Array,
  places: readonly HousePlace[],
  center: readonly [number, number],
): Float64Array {
  const beside = places.filter((p) => distanceToFootprint(p, center[0], center[1]) > 0);
  if (beside.length === 0) return points;
  const kept = new Float64Array(points.length);
  let n = 0;
  for (let k = 0; k < points.length; k += 3) {
    const x = points[k]!;
    const y = points[k + 1]!;
    const z = points[k + 2]!;
    let side = false;
    for (const p of beside)
      if (z < placeTopZ(p) && distanceToFootprint(p, x, y) <= FACE_M) {
        side = true;
        break;
      }
    if (side) continue;
    kept[n++] = x;
    kept[n++] = y;
    kept[n++] = z;
  }
  return kept.slice(0, n);
}
