/**
 * A laser scan as rays for the costmaps and the collision monitor: for each beam, its end point
 * in a target frame (given target_T_laser as [x, y, θ]) and whether it hit something. A reading in
 * [rangeMin, rangeMax] is a hit; a reading beyond range (or +Inf: nothing there) is a miss whose
 * point lies at `missRangeM`, for clearing; NaN and readings under rangeMin are left out.
 */
export interface ScanGeometry {
  readonly angleMin: number;
  readonly angleIncrement: number;
  readonly rangeMin: number;
  readonly rangeMax: number;
}

/** Writes x, y pairs into `points` and 1/0 into `hits`; returns the number of rays. */
export function scanRays(
  ranges: ArrayLike<number>,
  geometry: ScanGeometry,
  target_T_laser: ArrayLike<number>,
  missRangeM: number,
  points: Float64Array,
  hits: Uint8Array,
): number {
  const { angleMin, angleIncrement, rangeMin, rangeMax } = geometry;
  const ox = target_T_laser[0]!;
  const oy = target_T_laser[1]!;
  const theta = target_T_laser[2]!;
  let count = 0;
  for (let k = 0; k < ranges.length; k++) {
    const r = ranges[k]!;
    let range: number;
    let hit: number;
    if (r >= rangeMin && r <= rangeMax) {
      range = r;
      hit = 1;
    } else if (r > rangeMax) {
      range = missRangeM;
      hit = 0;
    } else continue;
    const angle = theta + angleMin + k * angleIncrement;
    points[2 * count] = ox + range * Math.cos(angle);
    points[2 * count + 1] = oy + range * Math.sin(angle);
    hits[count] = hit;
    count++;
  }
  return count;
}
