/**
 * The piece of furniture an item lies under: its footprint holds the item's middle and its top
 * (a shelf's lowest board) stands more than UNDER_M above the item's. A hand that comes down from
 * above meets the furniture there, so a person has to get the item out.
 */
import { distanceToFootprint } from '../manipulation/placeApproach.ts';
import { placeLevels, type HousePlace } from '../world/houseDescription.ts';

const UNDER_M = 0.1;

export function furnitureOver(
  places: readonly HousePlace[],
  position: readonly [number, number, number],
  size: readonly [number, number, number],
): HousePlace | undefined {
  const itemTop = position[2] + size[2] / 2;
  return places.find(
    (place) =>
      place.kind !== 'container' &&
      distanceToFootprint(place, position[0], position[1]) === 0 &&
      Math.min(...placeLevels(place)) - itemTop > UNDER_M,
  );
}
