import { insideRectangle } from '../geometry/rectangle.ts';
import type { ObjectEstimate, SupportTop } from './localizeObject.ts';

/**
 * A sighting as wide as this share of a piece of furniture's longer side, centred on it, is that
 * furniture seen as an item: the detector called a trash can, a recycling bin and a toy box
 * "bag", and the robot tried to pick them up ten times in one tidy-up.
 */
const FURNITURE_SHARE = 0.8;

/** The furniture (from the house description) that `estimate` is a sighting of, if any. */
export function furnitureSeen(
  estimate: ObjectEstimate,
  furniture: readonly SupportTop[],
): SupportTop | undefined {
  const [x, y] = estimate.centroid;
  const wide = Math.max(estimate.extent[0]!, estimate.extent[1]!);
  return furniture.find(
    (f) => insideRectangle(x!, y!, f) && wide >= FURNITURE_SHARE * 2 * Math.max(f.halfX, f.halfY),
  );
}
