/**
 * Laser ranges to 2D points in the robot's base frame (through the sensor's mount pose), keeping
 * every `stride`-th beam. Beams outside [rangeMin, rangeMax] (no return, or a reading the sensor
 * flags as invalid) are left out.
 */
export interface LaserGeometry {
  readonly angleMin: number;
  readonly angleIncrement: number;
  readonly rangeMin: number;
  readonly rangeMax: number;
  /** base_T_laser: x, y, θ. */
  readonly mount: ArrayLike<number>;
}

/** Writes x, y pairs into `out` (length ≥ 2·beams/stride) and returns how many points it wrote. */
export function laserPoints(
  ranges: ArrayLike<number>,
  geometry: LaserGeometry,
  stride: number,
  out: Float32Array,
): number {
  const { angleMin, angleIncrement, rangeMin, rangeMax, mount } = geometry;
  const c = Math.cos(mount[2]!);
  const s = Math.sin(mount[2]!);
  let count = 0;
  for (let k = 0; k < ranges.length; k += stride) {
    const r = ranges[k]!;
    if (!(r >= rangeMin && r <= rangeMax)) continue;
    const angle = angleMin + k * angleIncrement;
    const lx = r * Math.cos(angle);
    const ly = r * Math.sin(angle);
    out[2 * count] = mount[0]! + c * lx - s * ly;
    out[2 * count + 1] = mount[1]! + s * lx + c * ly;
    count++;
  }
  return count;
}
