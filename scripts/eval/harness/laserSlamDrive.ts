/**
 * Laser SLAM on a simulated drive: the robot wanders the seeded room, each 10 Hz scan (with the
 * sim's range noise) and the drifting wheel odometry go to `LaserSlam`, and the result is scored
 * against the sim's ground truth: absolute trajectory error of the final keyframe trajectory and of
 * the online estimate, odometry's error for comparison, and loop closures true/false (a closure is
 * false when its measured relative pose is off the true one by more than 10 cm or 3°).
 */
import * as se2 from '../../../src/geometry/se2.ts';
import * as so2 from '../../../src/geometry/so2.ts';
import { LaserSlam } from '../../../src/slam/laser/LaserSlam.ts';
import { laserPoints, type LaserGeometry } from '../../../src/slam/laser/laserPoints.ts';
import { absoluteTrajectoryError, type TimedPosition } from '../../../src/slam/trajectoryError.ts';
import { LASER, Simulation } from '../../../sim/Simulation.ts';
import { Wander } from '../../../sim/wander.ts';

const PHYSICS_STEP_S = 1 / 240;
const SCAN_PERIOD_S = 0.1;
const BEAM_STRIDE = 3;
const FALSE_LOOP_M = 0.1;
const FALSE_LOOP_RAD = (3 * Math.PI) / 180;
const KIDNAP_BACK_SCANS = 600;
const RELOCALIZED_M = 0.1;

export interface LaserSlamDriveResult {
  readonly seconds: number;
  readonly scans: number;
  readonly keyframes: number;
  readonly keyframeAteM: number;
  readonly onlineAteM: number;
  readonly odometryAteM: number;
  readonly loopClosures: number;
  readonly falseLoopClosures: number;
  readonly slamMsPerScan: number;
  readonly distanceM: number;
  /** Lowest fraction of a scan's points on the local map while tracking. */
  readonly minTrackingInliers: number;
  /** With `kidnapAtS`: seconds from the kidnapping until SLAM relocalized within 10 cm (Infinity: never). */
  readonly relocalizationS?: number;
}

export async function laserSlamDrive(options: {
  seed: number;
  seconds: number;
  split?: 'train' | 'heldout';
  /** Carry the robot, at this time, to where it was a minute earlier, without odometry seeing it. */
  kidnapAtS?: number;
  onProgress?: (simSeconds: number, keyframes: number, loops: number) => void;
}): Promise<LaserSlamDriveResult> {
  // No walking person: the drive measures SLAM in a static room, as bench:slam always has.
  const sim = await Simulation.create({ seed: options.seed, split: options.split ?? 'train', people: 0 });
  const mount = sim.linkPose('base_range_sensor_link');
  const geometry: LaserGeometry = {
    angleMin: -LASER.fovRad / 2,
    angleIncrement: LASER.fovRad / (LASER.beams - 1),
    rangeMin: LASER.minM,
    rangeMax: LASER.maxM,
    mount: se2.fromSe3(new Float64Array(3), mount),
  };
  const wander = new Wander(options.seed);
  const slam = new LaserSlam();
  const ranges = new Float32Array(LASER.beams);
  const points = new Float32Array(2 * LASER.beams);
  const truth: TimedPosition[] = [];
  const online: TimedPosition[] = [];
  const keyframeTruth: Float64Array[] = [];
  let falseLoops = 0;
  let slamMs = 0;
  let distanceM = 0;
  let minTrackingInliers = 1;
  const truthPoses: Float64Array[] = [];
  const start = Float64Array.from(sim.base);
  let kidnappedAtS: number | undefined;
  let relocalizationS: number | undefined;
  const stepsPerScan = Math.round(SCAN_PERIOD_S / PHYSICS_STEP_S);
  const scans = Math.floor(options.seconds / SCAN_PERIOD_S);
  for (let scan = 0; scan < scans; scan++) {
    const before = Float64Array.from(sim.base);
    for (let k = 0; k < stepsPerScan; k++) sim.step(PHYSICS_STEP_S);
    distanceM += Math.hypot(sim.base[0]! - before[0]!, sim.base[1]! - before[1]!);
    if (options.kidnapAtS !== undefined && kidnappedAtS === undefined && sim.timeS >= options.kidnapAtS) {
      const earlier = truthPoses[Math.max(0, truthPoses.length - KIDNAP_BACK_SCANS)]!;
      sim.kidnap(earlier[0]!, earlier[1]!, earlier[2]!);
      kidnappedAtS = sim.timeS;
    }
    truthPoses.push(Float64Array.from(sim.base));
    sim.laserScan(ranges);
    sim.setCommand(wander.command(ranges, geometry.angleMin, geometry.angleIncrement, SCAN_PERIOD_S));
    const count = laserPoints(ranges, geometry, BEAM_STRIDE, points);
    const started = performance.now();
    const result = slam.addScan(points, count, sim.odometry, sim.timeS);
    slamMs += performance.now() - started;
    if (result.tracking === 'tracking' && result.match)
      minTrackingInliers = Math.min(minTrackingInliers, result.match.inliers);
    if (kidnappedAtS !== undefined && relocalizationS === undefined) {
      const truthInMap = se2.between(new Float64Array(3), start, sim.base);
      if (Math.hypot(truthInMap[0]! - result.pose[0]!, truthInMap[1]! - result.pose[1]!) < RELOCALIZED_M)
        relocalizationS = sim.timeS - kidnappedAtS;
    }
    truth.push(position(sim.base, sim.timeS));
    online.push(position(result.pose, sim.timeS));
    if (result.keyframeAdded) keyframeTruth.push(Float64Array.from(sim.base));
    for (const loop of result.loopClosures) {
      const relative = se2.between(new Float64Array(3), keyframeTruth[loop.from]!, keyframeTruth[loop.to]!);
      const offM = Math.hypot(relative[0]! - loop.relative[0]!, relative[1]! - loop.relative[1]!);
      const offRad = Math.abs(so2.wrap(relative[2]! - loop.relative[2]!));
      if (offM > FALSE_LOOP_M || offRad > FALSE_LOOP_RAD) falseLoops++;
    }
    if (scan % 600 === 0) options.onProgress?.(sim.timeS, slam.keyframes.length, slam.loopClosures.length);
  }
  sim.physics.free();
  const pairs = (estimates: readonly Float64Array[]) =>
    estimates.map((estimate, k) => [position(keyframeTruth[k]!, k), position(estimate, k)] as const);
  return {
    seconds: sim.timeS,
    scans,
    keyframes: slam.keyframes.length,
    keyframeAteM: absoluteTrajectoryError(pairs(slam.keyframes.map((k) => k.pose))).rmse,
    onlineAteM: absoluteTrajectoryError(truth.map((t, k) => [t, online[k]!] as const)).rmse,
    odometryAteM: absoluteTrajectoryError(pairs(slam.keyframes.map((k) => k.odometry))).rmse,
    loopClosures: slam.loopClosures.length,
    falseLoopClosures: falseLoops,
    slamMsPerScan: slamMs / scans,
    distanceM,
    minTrackingInliers,
    ...(options.kidnapAtS !== undefined ? { relocalizationS: relocalizationS ?? Infinity } : {}),
  };
}

function position(pose: ArrayLike<number>, stamp: number): TimedPosition {
  return { stamp, position: [pose[0]!, pose[1]!, 0] };
}
