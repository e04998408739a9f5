/**
 * Where to stand to put something in or on a piece of furniture: for each side of its footprint,
 * the base facing the release point just clear of that side, across from the robot's own position
 * along the side as far as its ends and also at the side's middle and halfway to its ends (a chair
 * before a desk blocks one spot, not the side), and the release point inside the footprint an inset
 * in from that side: on a
 * surface `insetM` in (so what is let go lies wholly on it) but no more than 80% of the way to its
 * middle, in a container `insetM` in or at most its middle. Only a shelf's open front is a side
 * to put things from. Nearest to the robot first.
 */
import { openSides, type HousePlace } from '../world/houseDescription.ts';

/** The gap the base stands from a place's side to put something there, beyond its radius (m). */
export const PLACE_STAND_GAP_M = 0.06;
/** Along a side, besides across from the robot: its middle and halfway to either end (shares of the reach). */
const ALONG = [0, -0.5, 0.5];
/** Spots along a side closer than this are one (m). */
const SAME_SPOT_M = 0.05;

export interface PlaceApproach {
  /** Base pose [x, y, yaw] in the map frame. */
  readonly base: readonly [number, number, number];
  /** Release point [x, y] in the map frame; z is `topZ`. */
  readonly release: readonly [number, number];
  /** What it is put down on: the place's top, or the shelf board `levelZ` asked for. */
  readonly topZ: number;
}

export function placeApproaches(
  place: HousePlace,
  robot: readonly [number, number],
  options: {
    readonly clearanceM: number;
    readonly insetM: number;
    /** From the ends of the side (m): what is let go lies along the side. Default `insetM`. */
    readonly endInsetM?: number;
    /** The height it is put down at (a shelf's board); default the place's top. */
    readonly levelZ?: number;
  },
): PlaceApproach[] {
  const [cx, cy, cz] = place.position;
  const c = Math.cos(place.yaw);
  const s = Math.sin(place.yaw);
  const half = [place.size[0] / 2, place.size[1] / 2];
  // The robot in the place's own frame.
  const rx = c * (robot[0] - cx) + s * (robot[1] - cy);
  const ry = -s * (robot[0] - cx) + c * (robot[1] - cy);
  const toMap = ([x, y]: [number, number]): [number, number] => [cx + c * x - s * y, cy + s * x + c * y];
  const approaches: Array<PlaceApproach & { distance: number }> = [];
  for (const [axis, sign] of openSides(place)) {
    const other = 1 - axis;
    const inset = Math.min(options.insetM, half[axis]! * (place.kind === 'container' ? 1 : 0.8));
    const sideInset = Math.min(options.endInsetM ?? options.insetM, half[other]! * 0.8);
    const reach = half[other]! - sideInset;
    const robotLateral = other === 0 ? rx : ry;
    // Across from the robot the base stays where the navigator put it, as far as the side's end,
    // and the hand reaches aslant to a release point the inset in from that end: a stand at a
    // desk's end beside its chair is where the base fits.
    const spots: Array<readonly [number, number]> = [
      [
        Math.max(-half[other]!, Math.min(half[other]!, robotLateral)),
        Math.max(-reach, Math.min(reach, robotLateral)),
      ] as const,
      ...ALONG.map((share) => [share * reach, share * reach] as const),
    ].filter(([lateral], k, all) => all.findIndex(([l]) => Math.abs(l - lateral) < SAME_SPOT_M) === k);
    const local = (along: number, lateral: number): [number, number] =>
      axis === 0 ? [sign * along, lateral] : [lateral, sign * along];
    for (const [baseLateral, releaseLateral] of spots) {
      const base = toMap(local(half[axis]! + options.clearanceM, baseLateral));
      const release = toMap(local(half[axis]! - inset, releaseLateral));
      approaches.push({
        base: [base[0], base[1], Math.atan2(release[1] - base[1], release[0] - base[0])],
        release,
        topZ: options.levelZ ?? cz + place.size[2] / 2,
        distance: Math.hypot(base[0] - robot[0], base[1] - robot[1]),
      });
    }
  }
  return approaches.sort((a, b) => a.distance - b.distance).map(({ distance: _, ...approach }) => approach);
}

/** How far (m) a point is from a place's footprint (0 inside it). */
export function distanceToFootprint(
  place: Pick<HousePlace, 'position' | 'size' | 'yaw'>,
  x: number,
  y: number,
): number {
  const c = Math.cos(place.yaw);
  const s = Math.sin(place.yaw);
  const dx = x - place.position[0];
  const dy = y - place.position[1];
  const lx = Math.abs(c * dx + s * dy) - place.size[0] / 2;
  const ly = Math.abs(-s * dx + c * dy) - place.size[1] / 2;
  return Math.hypot(Math.max(lx, 0), Math.max(ly, 0));
}
