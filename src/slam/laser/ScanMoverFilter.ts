/**
 * People walking past, taken out of a laser scan before SLAM sees it: mapped, a person's trail
 * would stand in the map as a wall and pull later matches towards where they walked. The
 * returns of the navigator's movers (`MovingObstacleTracker`, run on the scan in the map frame,
 * segments on what SLAM has mapped never being movers) become NaN, which SLAM skips.
 */
import { MovingObstacleTracker } from '../../navigation/MovingObstacleTracker.ts';
import { scanRays, type ScanGeometry } from '../../navigation/scanRays.ts';

export class ScanMoverFilter {
  readonly #tracker = new MovingObstacleTracker();
  #kept = new Float32Array(0);
  #rays = new Float64Array(0);
  #hits = new Uint8Array(0);
  #onMover = new Uint8Array(0);

  /**
   * The scan's ranges with movers' returns as NaN (a view into a buffer reused by the next call).
   * `map_T_laser` is the scan's pose [x, y, θ]; `mapped(x, y)` whether the map holds a point there.
   */
  filter(
    ranges: ArrayLike<number>,
    geometry: ScanGeometry,
    map_T_laser: ArrayLike<number>,
    timeS: number,
    mapped: (x: number, y: number) => boolean,
  ): Float32Array {
    const n = ranges.length;
    if (this.#kept.length < n) {
      this.#kept = new Float32Array(n);
      this.#rays = new Float64Array(2 * n);
      this.#hits = new Uint8Array(n);
      this.#onMover = new Uint8Array(n);
    }
    const kept = this.#kept.subarray(0, n);
    // Every beam a ray (unusable readings as misses), so ray k is beam k.
    for (let k = 0; k < n; k++) {
      const r = ranges[k]!;
      kept[k] = r >= geometry.rangeMin ? r : Infinity;
    }
    const count = scanRays(kept, geometry, map_T_laser, geometry.rangeMax, this.#rays, this.#hits);
    this.#tracker.update(
      timeS,
      { sensorX: map_T_laser[0]!, sensorY: map_T_laser[1]!, points: this.#rays, hit: this.#hits, count },
      this.#onMover,
      mapped,
    );
    for (let k = 0; k < n; k++) kept[k] = this.#onMover[k] ? NaN : ranges[k]!;
    return kept;
  }
}
