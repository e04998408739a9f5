/**
 * Nav2's static layer: the SLAM map as costs. An occupancy probability ≥ `lethalThreshold`
 * (percent) is LETHAL, unknown (-1) is NO_INFORMATION or free (`unknownAs`), the rest free. The
 * master costmap takes the map's size, origin and resolution (the map must be on the
 * costmap's resolution).
 */
import { Costmap2D, FREE_SPACE, LETHAL_OBSTACLE, NO_INFORMATION } from './Costmap2D.ts';

export interface OccupancyGridData {
  readonly resolutionM: number;
  readonly width: number;
  readonly height: number;
  readonly originX: number;
  readonly originY: number;
  /** Row-major occupancy in percent, -1 unknown. */
  readonly data: ArrayLike<number>;
}

export interface StaticLayerOptions {
  readonly lethalThreshold: number;
  readonly unknownAs: 'unknown' | 'free';
}

export const DEFAULT_STATIC_LAYER: StaticLayerOptions = { lethalThreshold: 65, unknownAs: 'unknown' };

export class StaticLayer {
  #map: OccupancyGridData | undefined;

  constructor(readonly options: StaticLayerOptions = DEFAULT_STATIC_LAYER) {}

  get hasMap(): boolean {
    return this.#map !== undefined;
  }

  /** Takes a new map; throws naming what is wrong with a malformed one. */
  setMap(map: OccupancyGridData): void {
    if (!(map.resolutionM > 0)) throw new Error(`map resolution must be positive, got ${map.resolutionM}`);
    if (!Number.isInteger(map.width) || !Number.isInteger(map.height) || map.width <= 0 || map.height <= 0)
      throw new Error(`map size must be positive integers, got ${map.width} x ${map.height}`);
    if (map.data.length !== map.width * map.height)
      throw new Error(`map data has ${map.data.length} cells, expected ${map.width} x ${map.height}`);
    if (!Number.isFinite(map.originX) || !Number.isFinite(map.originY))
      throw new Error('map origin is not finite');
    this.#map = map;
  }

  /** Whether the map holds an obstacle within `cells` cells of (x, y) (false off the map). */
  occupiedNear(x: number, y: number, cells = 1): boolean {
    const map = this.#map;
    if (!map) return false;
    const cx = Math.floor((x - map.originX) / map.resolutionM);
    const cy = Math.floor((y - map.originY) / map.resolutionM);
    for (let j = Math.max(0, cy - cells); j <= Math.min(map.height - 1, cy + cells); j++)
      for (let i = Math.max(0, cx - cells); i <= Math.min(map.width - 1, cx + cells); i++)
        if (map.data[j * map.width + i]! >= this.options.lethalThreshold) return true;
    return false;
  }

  /** Sizes `master` to the map and writes the map's costs into it. */
  update(master: Costmap2D): void {
    const map = this.#map;
    if (!map) return;
    if (Math.abs(map.resolutionM - master.resolutionM) > 1e-9)
      throw new Error(
        `map resolution ${map.resolutionM} m differs from the costmap's ${master.resolutionM} m`,
      );
    master.resize(map.width, map.height, map.originX, map.originY);
    const { lethalThreshold, unknownAs } = this.options;
    const unknown = unknownAs === 'unknown' ? NO_INFORMATION : FREE_SPACE;
    const costs = master.costs;
    const data = map.data;
    for (let k = 0; k < costs.length; k++) {
      const value = data[k]!;
      costs[k] = value < 0 ? unknown : value >= lethalThreshold ? LETHAL_OBSTACLE : FREE_SPACE;
    }
  }
}
