/**
 * People and other things that move, tracked from the laser: each scan is cut into segments
 * (consecutive returns closer than `segmentGapM`), segments no wider than a person become
 * detections at their centre, and detections are followed from scan to scan by an α-β filter
 * (nearest track within `gateM` of its prediction). A track that has been followed for
 * `confirmScans` scans and moves faster than `minSpeedMps` is a mover: the costmaps leave its
 * returns out (they only clear) and the controller steers clear of where it is going instead.
 * Walls, furniture and standing things never move, so they stay in the costmaps as before. Where
 * a map is given, segments lying mostly on what it holds are not detections at all: seen from a
 * moving robot, the visible part of a chair leg or a wall's end shifts with the viewpoint and
 * would seem to walk.
 */
export interface MovingObstacle {
  readonly x: number;
  readonly y: number;
  readonly vx: number;
  readonly vy: number;
  readonly radiusM: number;
}

/**
 * A scan as rays in the map frame (as `scanRays` writes them): the sensor at (sensorX, sensorY),
 * `count` rays in scan order, (x, y) pairs in `points`, `hit` 1 for a return.
 */
export interface ScanRays {
  readonly sensorX: number;
  readonly sensorY: number;
  readonly points: Float64Array;
  readonly hit: Uint8Array;
  readonly count: number;
}

export interface MovingObstacleTrackerOptions {
  readonly segmentGapM: number;
  readonly maxWidthM: number;
  readonly minPoints: number;
  readonly gateM: number;
  readonly forgetAfterS: number;
  readonly confirmScans: number;
  readonly minSpeedMps: number;
  readonly alpha: number;
  readonly beta: number;
}

export const DEFAULT_MOVING_OBSTACLE_TRACKER: MovingObstacleTrackerOptions = {
  segmentGapM: 0.12,
  maxWidthM: 0.7,
  minPoints: 3,
  gateM: 0.5,
  forgetAfterS: 0.5,
  confirmScans: 3,
  minSpeedMps: 0.25,
  alpha: 0.6,
  beta: 0.4,
};

interface Track {
  x: number;
  y: number;
  vx: number;
  vy: number;
  radiusM: number;
  lastS: number;
  scans: number;
  matched: boolean;
}

export class MovingObstacleTracker {
  #tracks: Track[] = [];
  #movers: MovingObstacle[] = [];

  constructor(readonly options: MovingObstacleTrackerOptions = DEFAULT_MOVING_OBSTACLE_TRACKER) {}

  /** The movers after the last scan. */
  get movers(): readonly MovingObstacle[] {
    return this.#movers;
  }

  /**
   * One scan at `timeS`. Sets `onMover[k]` to 1 for each return that belongs to a mover, else 0.
   * `mapped(x, y)`: whether the static map holds an obstacle there.
   */
  update(
    timeS: number,
    scan: ScanRays,
    onMover: Uint8Array,
    mapped?: (x: number, y: number) => boolean,
  ): void {
    const { points, hit, count } = scan;
    const o = this.options;
    for (const track of this.#tracks) track.matched = false;
    onMover.fill(0, 0, count);
    let start = -1;
    for (let k = 0; k <= count; k++) {
      const continues =
        k < count &&
        hit[k] === 1 &&
        start >= 0 &&
        Math.hypot(points[2 * k]! - points[2 * k - 2]!, points[2 * k + 1]! - points[2 * k - 1]!) <=
          o.segmentGapM;
      if (continues) continue;
      if (start >= 0) this.#segment(timeS, scan, start, k, onMover, mapped);
      start = k < count && hit[k] === 1 ? k : -1;
    }
    this.#tracks = this.#tracks.filter((track) => timeS - track.lastS <= o.forgetAfterS);
    this.#movers = this.#tracks
      .filter((t) => t.scans >= o.confirmScans && Math.hypot(t.vx, t.vy) >= o.minSpeedMps)
      .map(({ x, y, vx, vy, radiusM, lastS }) => ({
        x: x + vx * (timeS - lastS),
        y: y + vy * (timeS - lastS),
        vx,
        vy,
        radiusM,
      }));
  }

  /** One segment [from, to) of returns: a detection if person-sized and in front, matched to a track. */
  #segment(
    timeS: number,
    scan: ScanRays,
    from: number,
    to: number,
    onMover: Uint8Array,
    mapped: ((x: number, y: number) => boolean) | undefined,
  ): void {
    const { sensorX, sensorY, points, hit, count } = scan;
    const o = this.options;
    if (to - from < o.minPoints) return;
    // Only what stands in front: a segment cut off by something nearer (its neighbouring return
    // is closer) is a truncated piece of the background, and would seem to move with the shadow.
    const range = (k: number) => Math.hypot(points[2 * k]! - sensorX, points[2 * k + 1]! - sensorY);
    const nearest = Math.min(range(from), range(to - 1));
    if (from > 0 && hit[from - 1] === 1 && range(from - 1) < nearest) return;
    if (to < count && hit[to] === 1 && range(to) < nearest) return;
    const width = Math.hypot(
      points[2 * to - 2]! - points[2 * from]!,
      points[2 * to - 1]! - points[2 * from + 1]!,
    );
    if (width > o.maxWidthM) return;
    if (mapped) {
      let onMap = 0;
      for (let k = from; k < to; k++) if (mapped(points[2 * k]!, points[2 * k + 1]!)) onMap++;
      if (2 * onMap >= to - from) return;
    }
    let cx = 0;
    let cy = 0;
    for (let k = from; k < to; k++) {
      cx += points[2 * k]!;
      cy += points[2 * k + 1]!;
    }
    cx /= to - from;
    cy /= to - from;
    // The laser sees the near side: the centre lies about half a radius further along the ray.
    const radius = width / 2;
    const centreRange = Math.hypot(cx - sensorX, cy - sensorY);
    if (centreRange > 1e-6) {
      cx += ((cx - sensorX) / centreRange) * radius * 0.5;
      cy += ((cy - sensorY) / centreRange) * radius * 0.5;
    }
    let best: Track | undefined;
    let bestDistance = o.gateM;
    for (const track of this.#tracks) {
      if (track.matched) continue;
      const dt = timeS - track.lastS;
      const d = Math.hypot(track.x + track.vx * dt - cx, track.y + track.vy * dt - cy);
      if (d < bestDistance) {
        bestDistance = d;
        best = track;
      }
    }
    if (!best) {
      this.#tracks.push({
        x: cx,
        y: cy,
        vx: 0,
        vy: 0,
        radiusM: radius,
        lastS: timeS,
        scans: 1,
        matched: true,
      });
      return;
    }
    const dt = Math.max(1e-3, timeS - best.lastS);
    if (best.scans === 1) {
      // Two sightings give the first velocity.
      best.vx = (cx - best.x) / dt;
      best.vy = (cy - best.y) / dt;
      best.x = cx;
      best.y = cy;
    }
    const px = best.x + best.vx * dt;
    const py = best.y + best.vy * dt;
    const rx = cx - px;
    const ry = cy - py;
    best.x = px + o.alpha * rx;
    best.y = py + o.alpha * ry;
    best.vx += (o.beta * rx) / dt;
    best.vy += (o.beta * ry) / dt;
    best.radiusM = Math.max(0.8 * best.radiusM + 0.2 * radius, radius);
    best.lastS = timeS;
    best.scans++;
    best.matched = true;
    if (best.scans >= o.confirmScans && Math.hypot(best.vx, best.vy) >= o.minSpeedMps)
      onMover.fill(1, from, to);
  }
}
