/**
 * 2D laser SLAM: each scan is matched against a local map of the recent keyframes (prediction from
 * wheel odometry); a keyframe is kept every few decimetres or degrees; at each keyframe, earlier
 * keyframes near it become loop-closure candidates, matched over a wide window against their own
 * neighbourhood and accepted only if most points land on the map (geometric verification); the
 * keyframe pose graph is then re-optimized by Levenberg–Marquardt. Poses are x, y, θ.
 */
import * as se2 from '../../geometry/se2.ts';
import { levenbergMarquardt } from '../pose-graph/levenbergMarquardt.ts';
import type { PoseGraph, PoseGraphEdge, PoseGraphEstimate } from '../pose-graph/PoseGraph.ts';
import { LikelihoodField } from './LikelihoodField.ts';
import { OccupancyGrid } from './OccupancyGrid.ts';
import { ScanMatcher, type ScanMatch } from './scanMatcher.ts';

/** Field beyond the map points, more than any search window reaches. */
const FIELD_MARGIN_M = 1;
/** Unknown cells kept around the mapped area of the occupancy grid. */
const MAP_MARGIN_M = 1;
const RELOCALIZATION_STRIDE = 3;
const RELOCALIZATION_CELL_M = 0.5;

export interface LaserSlamOptions {
  readonly resolutionM: number;
  readonly sigmaM: number;
  readonly localMapSizeM: number;
  readonly localKeyframes: number;
  readonly keyframeDistanceM: number;
  readonly keyframeAngleRad: number;
  readonly trackingWindow: { readonly linearM: number; readonly angularRad: number };
  /** Searched when a scan does not match within `trackingWindow`. */
  readonly pushWindow: { readonly linearM: number; readonly angularRad: number };
  readonly loopWindow: { readonly linearM: number; readonly angularRad: number };
  readonly loopSearchRadiusM: number;
  /** Keyframes between a keyframe and a loop candidate, so that loops span real drift. */
  readonly loopMinSeparation: number;
  readonly loopMinInliers: number;
  /** Standard deviations of a matched relative pose (edge weights). */
  readonly edgeSigmaM: number;
  readonly edgeSigmaRad: number;
  /** Tracking is lost when fewer of a scan's points than this fraction land on the local map… */
  readonly lostInliers: number;
  /** …for this many scans in a row; then the robot is searched for over the whole map. */
  readonly lostScansBeforeRelocalizing: number;
}

export const DEFAULT_LASER_SLAM_OPTIONS: LaserSlamOptions = {
  resolutionM: 0.025,
  sigmaM: 0.03,
  localMapSizeM: 16,
  localKeyframes: 12,
  keyframeDistanceM: 0.2,
  keyframeAngleRad: 0.2,
  trackingWindow: { linearM: 0.075, angularRad: 0.05 },
  pushWindow: { linearM: 0.3, angularRad: 0.15 },
  loopWindow: { linearM: 0.3, angularRad: 0.15 },
  loopSearchRadiusM: 1.0,
  loopMinSeparation: 40,
  loopMinInliers: 0.8,
  edgeSigmaM: 0.01,
  edgeSigmaRad: 0.005,
  lostInliers: 0.5,
  lostScansBeforeRelocalizing: 3,
};

export interface Keyframe {
  /** Current estimate, updated by loop closures. */
  readonly pose: Float64Array;
  /** x, y pairs in the base frame. */
  readonly points: Float32Array;
  readonly odometry: Float64Array;
  readonly stamp: number;
}

export interface LoopClosure {
  readonly from: number;
  readonly to: number;
  /** from_T_to as measured by the match. */
  readonly relative: Float64Array;
  readonly inliers: number;
}

export interface ScanResult {
  readonly pose: Float64Array;
  readonly match: ScanMatch | undefined;
  readonly keyframeAdded: boolean;
  readonly loopClosures: readonly LoopClosure[];
  /** Tracking state after this scan: lost scans are dead-reckoned on odometry and not mapped. */
  readonly tracking: 'tracking' | 'lost' | 'relocalized';
}

export class LaserSlam {
  readonly options: LaserSlamOptions;
  readonly keyframes: Keyframe[] = [];
  readonly loopClosures: LoopClosure[] = [];
  /** map_T_base, the latest estimate. */
  readonly pose = new Float64Array(3);
  readonly #odometry = new Float64Array(3);
  /** Keyframe-to-keyframe edges from tracking (and relocalization); loop closures are kept apart. */
  readonly #edges: Array<{ from: number; to: number; relative: Float64Array }> = [];
  #lostScans = 0;
  readonly #matcher = new ScanMatcher();
  #localField: LikelihoodField | undefined;
  readonly #scratch = new Float64Array(3);

  constructor(options: Partial<LaserSlamOptions> = {}) {
    this.options = { ...DEFAULT_LASER_SLAM_OPTIONS, ...options };
  }

  /**
   * Where the map's frame lies: the base's pose [x, y, θ] in the map at the first scan (default
   * the origin, so the map starts at the robot). A known start (an operator's pose estimate, a
   * docking station) puts the map in the frame other sensors are calibrated in. Only before the
   * first scan: after it, the map already has its frame.
   */
  setInitialPose(map_T_base: ArrayLike<number>): void {
    if (this.keyframes.length > 0)
      throw new Error('the initial pose must come before the first scan: the map has already started');
    const [x, y, theta] = [map_T_base[0]!, map_T_base[1]!, map_T_base[2]!];
    if (![x, y, theta].every(Number.isFinite))
      throw new Error(`initial pose must be finite, got [${x}, ${y}, ${theta}]`);
    this.pose.set([x, y, theta]);
  }

  /** Whether the local map holds a mapped point within about `withinM` of (x, y) in the map frame. */
  mapsPointNear(x: number, y: number, withinM: number): boolean {
    const field = this.#localField;
    if (!field) return false;
    const { sigmaM } = this.options;
    return field.sample(x, y) >= Math.exp(-(withinM * withinM) / (2 * sigmaM * sigmaM));
  }

  /** map_T_odom: what a `map → odom` transform publishes. */
  mapToOdom(): Float64Array {
    return se2.compose(new Float64Array(3), this.pose, se2.inverse(new Float64Array(3), this.#odometry));
  }

  /** One scan (points in the base frame) with the odometry pose at its time. */
  addScan(points: Float32Array, count: number, odometry: ArrayLike<number>, stamp: number): ScanResult {
    if (count < 10) throw new Error(`a scan needs at least 10 valid points to match, got ${count}`);
    if (this.keyframes.length === 0) {
      this.#odometry.set([odometry[0]!, odometry[1]!, odometry[2]!]);
      this.#addKeyframe(points, count, stamp);
      return {
        pose: this.pose,
        match: undefined,
        keyframeAdded: true,
        loopClosures: [],
        tracking: 'tracking',
      };
    }
    const motion = se2.between(this.#scratch, this.#odometry, odometry);
    const predicted = se2.compose(new Float64Array(3), this.pose, motion);
    this.#odometry.set([odometry[0]!, odometry[1]!, odometry[2]!]);
    let match = this.#matcher.match(this.#localField!, points, count, predicted, this.options.trackingWindow);
    if (match.inliers < this.options.lostInliers) {
      // A push the odometry did not see (a bump, a person walking into the robot) moves the base
      // further than the tracking window between two scans: search the wider window before
      // calling it lost, so the map is not built on from the wrong pose.
      const wide = this.#matcher.match(this.#localField!, points, count, predicted, this.options.pushWindow);
      if (wide.inliers > match.inliers) match = wide;
    }
    if (match.inliers < this.options.lostInliers)
      return this.#whileLost(points, count, predicted, stamp, match);
    this.#lostScans = 0;
    this.pose.set(match.pose);
    const last = this.keyframes[this.keyframes.length - 1]!;
    const moved = se2.between(this.#scratch, last.pose, this.pose);
    if (
      Math.hypot(moved[0]!, moved[1]!) < this.options.keyframeDistanceM &&
      Math.abs(moved[2]!) < this.options.keyframeAngleRad
    )
      return { pose: this.pose, match, keyframeAdded: false, loopClosures: [], tracking: 'tracking' };
    this.#edges.push({
      from: this.keyframes.length - 1,
      to: this.keyframes.length,
      relative: Float64Array.from(moved),
    });
    this.#addKeyframe(points, count, stamp);
    const closures = this.#closeLoops();
    if (closures.length > 0) this.#optimize();
    this.#rebuildLocalField();
    return { pose: this.pose, match, keyframeAdded: true, loopClosures: closures, tracking: 'tracking' };
  }

  #whileLost(
    points: Float32Array,
    count: number,
    predicted: Float64Array,
    stamp: number,
    match: ScanMatch,
  ): ScanResult {
    this.pose.set(predicted);
    const lost = {
      pose: this.pose,
      match,
      keyframeAdded: false,
      loopClosures: [],
      tracking: 'lost',
    } as const;
    if (++this.#lostScans < this.options.lostScansBeforeRelocalizing) return lost;
    const found = this.#relocalize(points, count);
    if (!found) return lost;
    this.#lostScans = 0;
    this.pose.set(found.pose);
    const anchorPose = this.keyframes[found.anchor]!.pose;
    this.#edges.push({
      from: found.anchor,
      to: this.keyframes.length,
      relative: se2.between(new Float64Array(3), anchorPose, found.pose),
    });
    this.#addKeyframe(points, count, stamp);
    this.#rebuildLocalField();
    return { pose: this.pose, match: found, keyframeAdded: true, loopClosures: [], tracking: 'relocalized' };
  }

  /**
   * Global localization against the whole map: a correlative search over all headings around one
   * keyframe per half-metre cell (the robot has only ever been where keyframes are) on a coarse
   * field, the best refined on a fine field and accepted only if most points land on the map.
   */
  #relocalize(points: Float32Array, count: number): (ScanMatch & { anchor: number }) | undefined {
    const { resolutionM, sigmaM, localMapSizeM, loopMinInliers } = this.options;
    const sparse = new Float32Array(2 * Math.ceil(count / RELOCALIZATION_STRIDE));
    let sparseCount = 0;
    for (let k = 0; k < count; k += RELOCALIZATION_STRIDE) {
      sparse[2 * sparseCount] = points[2 * k]!;
      sparse[2 * sparseCount + 1] = points[2 * k + 1]!;
      sparseCount++;
    }
    const first = this.keyframes[0]!.pose;
    const coarse = fieldOf(
      this.keyframes,
      first[0]!,
      first[1]!,
      4 * localMapSizeM,
      4 * resolutionM,
      4 * sigmaM,
    );
    const seeds = new Map<string, Float64Array>();
    for (const keyframe of this.keyframes) {
      const key = `${Math.floor(keyframe.pose[0]! / RELOCALIZATION_CELL_M)},${Math.floor(keyframe.pose[1]! / RELOCALIZATION_CELL_M)}`;
      if (!seeds.has(key)) seeds.set(key, Float64Array.of(keyframe.pose[0]!, keyframe.pose[1]!, 0));
    }
    let best: ScanMatch | undefined;
    for (const seed of seeds.values()) {
      const candidate = this.#matcher.match(coarse, sparse, sparseCount, seed, {
        linearM: RELOCALIZATION_CELL_M / 2,
        angularRad: Math.PI,
      });
      if (!best || candidate.score > best.score)
        best = { ...candidate, pose: Float64Array.from(candidate.pose) };
    }
    if (!best) return undefined;
    const fine = fieldOf(this.keyframes, first[0]!, first[1]!, 4 * localMapSizeM, resolutionM, sigmaM);
    const refined = this.#matcher.match(fine, points, count, best.pose, {
      linearM: 2 * resolutionM,
      angularRad: 0.02,
    });
    if (refined.inliers < loopMinInliers) return undefined;
    let anchor = 0;
    let nearest = Infinity;
    this.keyframes.forEach((keyframe, k) => {
      const distance = Math.hypot(keyframe.pose[0]! - refined.pose[0]!, keyframe.pose[1]! - refined.pose[1]!);
      if (distance < nearest) {
        nearest = distance;
        anchor = k;
      }
    });
    return { ...refined, pose: Float64Array.from(refined.pose), anchor };
  }

  /** The occupancy grid of all keyframes at their current poses. */
  occupancyGrid(resolutionM: number): OccupancyGrid {
    const world = worldPoints(this.keyframes);
    const { minX, minY, maxX, maxY } = bounds(world, this.pose[0]!, this.pose[1]!);
    const originX = Math.floor((minX - MAP_MARGIN_M) / resolutionM) * resolutionM;
    const originY = Math.floor((minY - MAP_MARGIN_M) / resolutionM) * resolutionM;
    const grid = new OccupancyGrid(
      originX,
      originY,
      resolutionM,
      Math.ceil((maxX + MAP_MARGIN_M - originX) / resolutionM),
      Math.ceil((maxY + MAP_MARGIN_M - originY) / resolutionM),
    );
    for (const keyframe of this.keyframes)
      grid.integrate(keyframe.pose, keyframe.points, keyframe.points.length / 2);
    return grid;
  }

  #addKeyframe(points: Float32Array, count: number, stamp: number): void {
    this.keyframes.push({
      pose: Float64Array.from(this.pose),
      points: points.slice(0, 2 * count),
      odometry: Float64Array.from(this.#odometry),
      stamp,
    });
    if (this.keyframes.length === 1) this.#rebuildLocalField();
  }

  #rebuildLocalField(): void {
    const recent = this.keyframes.slice(-this.options.localKeyframes);
    const { resolutionM, sigmaM, localMapSizeM } = this.options;
    this.#localField = fieldOf(recent, this.pose[0]!, this.pose[1]!, localMapSizeM, resolutionM, sigmaM);
  }

  #closeLoops(): LoopClosure[] {
    const n = this.keyframes.length - 1;
    const current = this.keyframes[n]!;
    const { loopMinSeparation, loopSearchRadiusM, loopWindow, resolutionM, sigmaM, localMapSizeM } =
      this.options;
    let best: { index: number; distance: number } | undefined;
    for (let i = 0; i < n - loopMinSeparation; i++) {
      const p = this.keyframes[i]!.pose;
      const distance = Math.hypot(p[0]! - current.pose[0]!, p[1]! - current.pose[1]!);
      if (distance < loopSearchRadiusM && (!best || distance < best.distance)) best = { index: i, distance };
    }
    if (!best) return [];
    const half = Math.floor(this.options.localKeyframes / 2);
    const neighbourhood = this.keyframes.slice(Math.max(0, best.index - half), best.index + half + 1);
    const anchor = this.keyframes[best.index]!.pose;
    const coarse = fieldOf(neighbourhood, anchor[0]!, anchor[1]!, localMapSizeM, 2 * resolutionM, 2 * sigmaM);
    const count = current.points.length / 2;
    const found = this.#matcher.match(coarse, current.points, count, current.pose, loopWindow);
    const fine = fieldOf(neighbourhood, anchor[0]!, anchor[1]!, localMapSizeM, resolutionM, sigmaM);
    const refined = this.#matcher.match(fine, current.points, count, found.pose, {
      linearM: 0,
      angularRad: 0,
    });
    if (refined.inliers < this.options.loopMinInliers) return [];
    const closure: LoopClosure = {
      from: best.index,
      to: n,
      relative: se2.between(new Float64Array(3), anchor, refined.pose),
      inliers: refined.inliers,
    };
    this.loopClosures.push(closure);
    return [closure];
  }

  #optimize(): void {
    const { edgeSigmaM, edgeSigmaRad } = this.options;
    const tau = 1 / (edgeSigmaM * edgeSigmaM);
    // κ‖R_j − R_i R̃‖²_F ≈ 2κθ² for a small angle error θ.
    const kappa = 1 / (2 * edgeSigmaRad * edgeSigmaRad);
    const edge = (i: number, j: number, relative: Float64Array): PoseGraphEdge => {
      const c = Math.cos(relative[2]!);
      const s = Math.sin(relative[2]!);
      return {
        i,
        j,
        rotation: Float64Array.of(c, -s, s, c),
        translation: Float64Array.of(relative[0]!, relative[1]!),
        kappa,
        tau,
      };
    };
    const edges = this.#edges.map((e) => edge(e.from, e.to, e.relative));
    for (const loop of this.loopClosures) edges.push(edge(loop.from, loop.to, loop.relative));
    const n = this.keyframes.length;
    const graph: PoseGraph = { dimension: 2, nodeCount: n, ids: this.keyframes.map((_, k) => k), edges };
    const start: PoseGraphEstimate = {
      rotations: new Float64Array(4 * n),
      translations: new Float64Array(2 * n),
    };
    this.keyframes.forEach((keyframe, k) => {
      const c = Math.cos(keyframe.pose[2]!);
      const s = Math.sin(keyframe.pose[2]!);
      start.rotations.set([c, -s, s, c], 4 * k);
      start.translations.set([keyframe.pose[0]!, keyframe.pose[1]!], 2 * k);
    });
    const { estimate } = levenbergMarquardt(graph, start, { maxIterations: 50, relativeDecrease: 1e-9 });
    // The graph's gauge is free: keep the first keyframe where it was.
    const first = this.keyframes[0]!.pose;
    const optimizedFirst = poseOf(estimate, 0);
    const gauge = se2.compose(new Float64Array(3), first, se2.inverse(new Float64Array(3), optimizedFirst));
    const lastBefore = Float64Array.from(this.keyframes[n - 1]!.pose);
    this.keyframes.forEach((keyframe, k) =>
      keyframe.pose.set(se2.compose(this.#scratch, gauge, poseOf(estimate, k))),
    );
    const correction = se2.between(new Float64Array(3), lastBefore, this.pose);
    this.pose.set(se2.compose(this.#scratch, this.keyframes[n - 1]!.pose, correction));
  }
}

function poseOf(estimate: PoseGraphEstimate, k: number): Float64Array {
  const r = estimate.rotations;
  return Float64Array.of(
    estimate.translations[2 * k]!,
    estimate.translations[2 * k + 1]!,
    Math.atan2(r[4 * k + 2]!, r[4 * k]!),
  );
}

/** The likelihood field of keyframes' points at their poses. */
function fieldOf(
  keyframes: readonly Keyframe[],
  centerX: number,
  centerY: number,
  sizeM: number,
  resolutionM: number,
  sigmaM: number,
): LikelihoodField {
  const world = worldPoints(keyframes);
  // Cover the points (plus the search margin) rather than the sensor's whole reach: in a room that is
  // a fraction of the cells.
  const { minX, minY, maxX, maxY } = bounds(world, centerX, centerY);
  const side = Math.min(sizeM, Math.max(maxX - minX, maxY - minY) + 2 * FIELD_MARGIN_M);
  const [x, y] = [(minX + maxX) / 2, (minY + maxY) / 2];
  return LikelihoodField.fromPoints(world, world.length / 2, x, y, side, resolutionM, sigmaM);
}

/** All keyframes' points in the map frame, as x, y pairs. */
function worldPoints(keyframes: readonly Keyframe[]): Float32Array {
  const total = keyframes.reduce((sum, k) => sum + k.points.length, 0);
  const world = new Float32Array(total);
  let w = 0;
  for (const keyframe of keyframes) {
    const [x, y, theta] = keyframe.pose as unknown as [number, number, number];
    const c = Math.cos(theta);
    const s = Math.sin(theta);
    for (let k = 0; k < keyframe.points.length; k += 2) {
      const px = keyframe.points[k]!;
      const py = keyframe.points[k + 1]!;
      world[w++] = x + c * px - s * py;
      world[w++] = y + s * px + c * py;
    }
  }
  return world;
}

/** The bounding box of x, y pairs and one more point. */
function bounds(points: Float32Array, x: number, y: number) {
  let minX = x, maxX = x, minY = y, maxY = y; // prettier-ignore
  for (let k = 0; k < points.length; k += 2) {
    minX = Math.min(minX, points[k]!);
    maxX = Math.max(maxX, points[k]!);
    minY = Math.min(minY, points[k + 1]!);
    maxY = Math.max(maxY, points[k + 1]!);
  }
  return { minX, minY, maxX, maxY };
}
