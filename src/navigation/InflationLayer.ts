/**
 * Nav2's inflation layer: costs that fall off with the distance d from the nearest lethal cell,
 * so plans keep clear of obstacles where the room allows. With r the footprint's inscribed radius:
 * d = 0 → LETHAL (254); d ≤ r → INSCRIBED (253, the robot's centre here collides);
 * r < d ≤ inflationRadius → 252·exp(−costScalingFactor·(d − r)); beyond → unchanged.
 * Distances between cell centres in metres, from an exact distance transform. Unknown cells stay
 * unknown unless the inflated cost is inscribed or lethal (Nav2's `inflate_unknown: false`).
 */
import { Costmap2D, INSCRIBED_INFLATED_OBSTACLE, LETHAL_OBSTACLE, NO_INFORMATION } from './Costmap2D.ts';
import { DistanceTransform } from './distanceTransform.ts';

export interface InflationOptions {
  readonly inscribedRadiusM: number;
  readonly inflationRadiusM: number;
  readonly costScalingFactor: number;
}

/** Nav2's cost for a cell `distanceM` from the nearest obstacle. */
export function inflationCost(distanceM: number, options: InflationOptions): number {
  if (distanceM === 0) return LETHAL_OBSTACLE;
  if (distanceM <= options.inscribedRadiusM) return INSCRIBED_INFLATED_OBSTACLE;
  if (distanceM > options.inflationRadiusM) return 0;
  const factor = Math.exp(-options.costScalingFactor * (distanceM - options.inscribedRadiusM));
  return Math.floor((INSCRIBED_INFLATED_OBSTACLE - 1) * factor);
}

export class InflationLayer {
  readonly #transform = new DistanceTransform();
  #squaredCells = new Float64Array(0);
  /** Cost by squared cell distance, for distances up to the inflation radius. */
  #lookup = new Uint8Array(0);
  #lookupResolution = 0;

  constructor(readonly options: InflationOptions) {
    if (!(options.inscribedRadiusM >= 0) || !(options.inflationRadiusM >= options.inscribedRadiusM))
      throw new Error(
        `inflation radius (${options.inflationRadiusM} m) must be at least the inscribed radius (${options.inscribedRadiusM} m)`,
      );
    if (!(options.costScalingFactor > 0))
      throw new Error(`cost_scaling_factor must be positive, got ${options.costScalingFactor}`);
  }

  update(master: Costmap2D): void {
    const { width, height, costs, resolutionM } = master;
    const cells = width * height;
    if (this.#squaredCells.length < cells) this.#squaredCells = new Float64Array(cells);
    this.#buildLookup(resolutionM);
    const squared = this.#transform.compute(
      this.#squaredCells,
      width,
      height,
      (k) => costs[k] === LETHAL_OBSTACLE,
    );
    const lookup = this.#lookup;
    for (let k = 0; k < cells; k++) {
      const d2 = squared[k]!;
      if (d2 >= lookup.length) continue;
      const cost = lookup[d2]!;
      const old = costs[k]!;
      if (old === NO_INFORMATION) {
        if (cost >= INSCRIBED_INFLATED_OBSTACLE) costs[k] = cost;
      } else if (cost > old) costs[k] = cost;
    }
  }

  #buildLookup(resolutionM: number): void {
    if (resolutionM === this.#lookupResolution) return;
    const maxCells = Math.ceil(this.options.inflationRadiusM / resolutionM);
    this.#lookup = new Uint8Array(maxCells * maxCells + 1);
    for (let d2 = 0; d2 < this.#lookup.length; d2++)
      this.#lookup[d2] = inflationCost(Math.sqrt(d2) * resolutionM, this.options);
    this.#lookupResolution = resolutionM;
  }
}
