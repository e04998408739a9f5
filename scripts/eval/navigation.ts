/**
 * npm run eval:nav [-- --first-seed S --worlds N --goals G --split heldout|dev]
 *
 * Navigation as launched on the robot: `launch/sim_navigation.launch.yaml` (the sim, SLAM, the
 * navigator and the collision monitor) in this process, sim time as fast as it goes. Each world
 * gets G goals in turn from wherever the robot stands, sent through `navigate_to_pose`: `across`
 * the room (≥ 1.5 m away), next to `furniture` where the arm would work (5–10 cm from a piece,
 * facing it) and through a narrow `gap` (a goal whose shortest path passes closer than 15 cm of
 * clearance to the furniture). A person walks through every other world (half of them), never
 * yielding. Scored against the sim's ground truth (never seen by the stack): success (the action
 * succeeded and the true pose is within 10 cm), base contacts with walls and furniture (/bumper
 * rising edges) and with the person (their true discs touching), items pushed (moved > 2 cm during the goal), path driven and
 * time over the shortest path on the true map at the robot's clearance (any-angle, at full speed),
 * final position and heading error, recoveries, and the navigator's wall-clock planner and
 * control-cycle times (its /diagnostics).
 *
 * Splits: `heldout` worlds are seeds from 9,100,001 with the heldout randomization, fixed and never
 * used for tuning; `dev` worlds (seeds from 9,150,001, train randomization) are for tuning.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { packageIndex } from '../../src/cli/packages.ts';
import { Random } from '../../src/common/random.ts';
import type { diagnostic_msgs, katazuke_msgs } from '../../src/messages/types.generated.ts';
import { GridPlanner, INSCRIBED_INFLATED_OBSTACLE, Path2D, Costmap2D } from '../../src/navigation/index.ts';
import { ActionClient } from '../../src/runtime/actions/ActionClient.ts';
import { Launcher } from '../../src/runtime/launch/Launcher.ts';
import { generateWorld } from '../../sim/world/generateWorld.ts';
import { furnitureFootprint } from '../../sim/world/furnitureFootprint.ts';
import { BASE } from '../../sim/Simulation.ts';
import { PERSON } from '../../sim/world/person.ts';
import { percentile, table } from '../bench/stats.ts';
import { groundTruthMap, type GroundTruthMap } from './harness/groundTruthCostmap.ts';

const LAUNCH = fileURLToPath(new URL('../../launch/sim_navigation.launch.yaml', import.meta.url));
const SPLITS = {
  heldout: { firstSeed: 9_100_001, randomization: 'heldout' },
  dev: { firstSeed: 9_150_001, randomization: 'train' },
} as const;
const RESOLUTION_M = 0.05;
const SUCCESS_RADIUS_M = 0.1;
const PUSHED_M = 0.02;
const GOAL_WALL_TIMEOUT_S = 240;
const KINDS = ['across', 'furniture', 'gap'] as const;
type GoalKind = (typeof KINDS)[number];

const { values } = parseArgs({
  options: {
    split: { type: 'string', default: 'heldout' },
    'first-seed': { type: 'string' },
    worlds: { type: 'string', default: '10' },
    goals: { type: 'string', default: '21' },
  },
});
if (values.split !== 'heldout' && values.split !== 'dev')
  throw new Error(`--split must be heldout or dev, got '${values.split}'`);
const split = SPLITS[values.split];
const firstSeed = values['first-seed'] === undefined ? split.firstSeed : Number(values['first-seed']);
const worlds = Number(values.worlds);
const goalsPerWorld = Number(values.goals);
for (const [name, value] of [
  ['--first-seed', firstSeed],
  ['--worlds', worlds],
  ['--goals', goalsPerWorld],
] as const)
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a positive integer, got ${value}`);

interface GoalResult {
  readonly world: number;
  readonly kind: GoalKind;
  readonly success: boolean;
  readonly outcome: string;
  readonly collisions: number;
  readonly personCollisions: number;
  readonly person: boolean;
  readonly itemsPushed: number;
  readonly pathLengthRatio: number;
  readonly timeRatio: number;
  readonly positionErrorM: number;
  readonly headingErrorRad: number;
  readonly recoveries: number;
}

/** Shortest any-angle path length (m) on the true map for a disc of the robot's radius, or Infinity. */
function shortestPathM(
  truth: GroundTruthMap,
  clearance: Costmap2D,
  start: ArrayLike<number>,
  goal: ArrayLike<number>,
) {
  const result = new GridPlanner({ costWeight: 0, unknownCost: 0, anyAngle: 'theta_star' }).plan(
    clearance,
    clearance.index(start[0]!, start[1]!),
    clearance.index(goal[0]!, goal[1]!),
  );
  if (!result.ok) return { lengthM: Infinity, minClearanceM: 0 };
  const path = Path2D.fromCells(clearance, result.cells, start, goal, RESOLUTION_M);
  let minClearanceM = Infinity;
  for (let k = 0; k < path.length; k++) {
    const cell = truth.costmap.index(path.poses[3 * k]!, path.poses[3 * k + 1]!);
    if (cell >= 0) minClearanceM = Math.min(minClearanceM, truth.clearanceM[cell]!);
  }
  return { lengthM: path.totalLengthM, minClearanceM };
}

async function runWorld(seed: number, withPerson: boolean): Promise<GoalResult[]> {
  const world = generateWorld(seed, split.randomization);
  const truth = groundTruthMap(world, RESOLUTION_M);
  const radius = BASE.radiusM;
  // The true map at the robot's clearance: cells closer than its radius to furniture are out.
  const clearance = new Costmap2D(RESOLUTION_M);
  clearance.copyFrom(truth.costmap);
  for (let k = 0; k < clearance.costs.length; k++)
    if (truth.clearanceM[k]! <= radius) clearance.costs[k] = INSCRIBED_INFLATED_OBSTACLE;
  const floorItems = world.items.filter((item) => item.on === undefined);
  const random = new Random(seed * 31 + 7);
  const launcher = await Launcher.start(LAUNCH, {
    packages: packageIndex(),
    mode: 'composed',
    args: new Map([
      ['seed', String(seed)],
      ['split', split.randomization],
      ['people', String(withPerson ? 1 : 0)],
    ]),
    logSinks: [],
  });
  const probe = launcher.context.createNode('navigation_evaluation', {
    arguments: ['--ros-args', '-p', 'use_sim_time:=true'],
  });
  const truePose = new Float64Array(3);
  let simS = 0;
  let bumperEdges = 0;
  let personEdges = 0;
  let personTouching = false;
  let bumperPressed = false;
  let items: katazuke_msgs.msg.ItemStateArray | undefined;
  let timing: diagnostic_msgs.msg.KeyValue[] = [];
  let haveMap = false;
  let lastOutcome: katazuke_msgs.msg.NavigationOutcome | undefined;
  probe.createSubscription('geometry_msgs/msg/PoseStamped', '/sim/ground_truth/pose', (m) => {
    const q = m.pose.orientation;
    truePose.set([m.pose.position.x, m.pose.position.y, 2 * Math.atan2(q.z, q.w)]);
  });
  probe.createSubscription(
    'rosgraph_msgs/msg/Clock',
    '/clock',
    (m) => (simS = m.clock.sec + m.clock.nanosec * 1e-9),
  );
  probe.createSubscription('geometry_msgs/msg/PoseArray', '/sim/ground_truth/people', (m) => {
    const touching = m.poses.some(
      (p) =>
        Math.hypot(p.position.x - truePose[0]!, p.position.y - truePose[1]!) <
        BASE.radiusM + PERSON.radiusM + 0.01,
    );
    if (touching && !personTouching) personEdges++;
    personTouching = touching;
  });
  probe.createSubscription('std_msgs/msg/Bool', '/bumper', (m) => {
    if (m.data && !bumperPressed) bumperEdges++;
    bumperPressed = m.data;
  });
  probe.createSubscription(
    'katazuke_msgs/msg/ItemStateArray',
    '/sim/ground_truth/items',
    { qos: { durability: 'transient_local' } },
    (m) => (items = m),
  );
  probe.createSubscription('diagnostic_msgs/msg/DiagnosticArray', '/diagnostics', (m) => {
    const status = m.status.find((s) => s.name === 'navigator: timing');
    if (status) timing = status.values;
  });
  probe.createSubscription(
    'nav_msgs/msg/OccupancyGrid',
    '/map',
    { qos: { durability: 'transient_local' } },
    () => (haveMap = true),
  );
  probe.createSubscription(
    'katazuke_msgs/msg/NavigationOutcome',
    '/navigate_to_pose/outcome',
    (m) => (lastOutcome = m),
  );
  const client = new ActionClient(probe, 'nav2_msgs/action/NavigateToPose', 'navigate_to_pose');
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  while (!(haveMap && client.isActionServerAvailable() && simS > 2)) await sleep(50);

  const freeWithClearance = (x: number, y: number, minClearanceM: number) => {
    const cell = truth.costmap.index(x, y);
    if (cell < 0 || truth.clearanceM[cell]! < minClearanceM) return false;
    return floorItems.every((item) => Math.hypot(item.pose[0]! - x, item.pose[1]! - y) > radius + 0.12);
  };
  const randomFree = (minClearanceM: number): [number, number] => {
    for (;;) {
      const x = random.range(0, world.room.width);
      const y = random.range(0, world.room.depth);
      if (freeWithClearance(x, y, minClearanceM)) return [x, y];
    }
  };
  const sampleGoal = (kind: GoalKind): { goal: number[]; kind: GoalKind } => {
    for (let attempt = 0; attempt < 400; attempt++) {
      if (kind === 'furniture' && world.furniture.length > 0) {
        const f = furnitureFootprint(world.furniture[Math.floor(random.range(0, world.furniture.length))]!);
        const side = Math.floor(random.range(0, 4));
        const offset = radius + random.range(0.05, 0.1);
        const along = random.range(-0.8, 0.8);
        const [x, y, yaw] =
          side === 0
            ? [f.x + f.hx + offset, f.y + along * f.hy, Math.PI]
            : side === 1
              ? [f.x - f.hx - offset, f.y + along * f.hy, 0]
              : side === 2
                ? [f.x + along * f.hx, f.y + f.hy + offset, -Math.PI / 2]
                : [f.x + along * f.hx, f.y - f.hy - offset, Math.PI / 2];
        if (!freeWithClearance(x, y, offset - 0.01) || Math.hypot(x - truePose[0]!, y - truePose[1]!) < 0.5)
          continue;
        if (!Number.isFinite(shortestPathM(truth, clearance, truePose, [x, y]).lengthM)) continue;
        return { goal: [x, y, yaw], kind };
      }
      const [x, y] = randomFree(radius + 0.12);
      if (Math.hypot(x - truePose[0]!, y - truePose[1]!) < (kind === 'across' ? 1.5 : 0.8)) continue;
      const { lengthM, minClearanceM } = shortestPathM(truth, clearance, truePose, [x, y]);
      if (!Number.isFinite(lengthM)) continue;
      if (kind === 'gap' && minClearanceM > radius + 0.15) continue;
      return { goal: [x, y, random.range(-Math.PI, Math.PI)], kind };
    }
    return sampleGoal('across');
  };

  const results: GoalResult[] = [];
  for (let g = 0; g < goalsPerWorld; g++) {
    const { goal, kind } = sampleGoal(KINDS[g % KINDS.length]!);
    const [gx, gy, gyaw] = goal as [number, number, number];
    const start = Float64Array.from(truePose);
    const shortest = shortestPathM(truth, clearance, start, goal).lengthM;
    const itemsBefore = new Map((items?.items ?? []).map((i) => [i.id, i.pose.pose.position]));
    const bumpsBefore = bumperEdges;
    const personBefore = personEdges;
    const startS = simS;
    let driven = 0;
    const last = Float64Array.from(truePose);
    const tracker = setInterval(() => {
      driven += Math.hypot(truePose[0]! - last[0]!, truePose[1]! - last[1]!);
      last.set(truePose);
    }, 5);
    lastOutcome = undefined;
    const handle = await client.sendGoal({
      pose: {
        header: { stamp: { sec: 0, nanosec: 0 }, frame_id: 'map' },
        pose: {
          position: { x: gx, y: gy, z: 0 },
          orientation: { x: 0, y: 0, z: Math.sin(gyaw / 2), w: Math.cos(gyaw / 2) },
        },
      },
      behavior_tree: '',
    });
    let status = 0;
    if (handle.accepted) {
      const wallStart = performance.now();
      const result = await Promise.race([
        handle.getResult(),
        sleep(GOAL_WALL_TIMEOUT_S * 1000).then(() => undefined),
      ]);
      status = result?.status ?? 0;
      if (!result) {
        await handle.cancelGoal();
        console.log(
          `  world ${seed} goal ${g + 1}: no result after ${((performance.now() - wallStart) / 1000).toFixed(0)} s of wall time`,
        );
      }
    }
    await sleep(20);
    clearInterval(tracker);
    // Set by the outcome subscription meanwhile (TypeScript cannot see the callback's write).
    const ended = lastOutcome as katazuke_msgs.msg.NavigationOutcome | undefined;
    driven += Math.hypot(truePose[0]! - last[0]!, truePose[1]! - last[1]!);
    const durationS = simS - startS;
    const positionErrorM = Math.hypot(truePose[0]! - gx, truePose[1]! - gy);
    const headingErrorRad = Math.abs(
      Math.atan2(Math.sin(truePose[2]! - gyaw), Math.cos(truePose[2]! - gyaw)),
    );
    let pushed = 0;
    for (const item of items?.items ?? []) {
      const before = itemsBefore.get(item.id);
      if (
        before &&
        Math.hypot(item.pose.pose.position.x - before.x, item.pose.pose.position.y - before.y) > PUSHED_M
      )
        pushed++;
    }
    const success = status === 4 && positionErrorM <= SUCCESS_RADIUS_M;
    const outcome = handle.accepted ? (ended?.message ?? `status ${status}`) : 'rejected';
    results.push({
      world: seed,
      kind,
      success,
      outcome: success ? 'reached' : outcome,
      collisions: bumperEdges - bumpsBefore,
      personCollisions: personEdges - personBefore,
      person: withPerson,
      itemsPushed: pushed,
      pathLengthRatio: driven / shortest,
      timeRatio: durationS / (shortest / BASE.maxLinearMps),
      positionErrorM,
      headingErrorRad,
      recoveries: ended?.number_of_recoveries ?? 0,
    });
    const r = results[results.length - 1]!;
    console.log(
      `  world ${seed} goal ${g + 1}/${goalsPerWorld} ${kind}: ${r.outcome}, ${durationS.toFixed(1)} s, error ${(positionErrorM * 100).toFixed(1)} cm, path ×${r.pathLengthRatio.toFixed(2)}${r.collisions ? `, ${r.collisions} contacts` : ''}${r.personCollisions ? `, ${r.personCollisions} person contacts` : ''}${pushed ? `, ${pushed} items pushed` : ''}`,
    );
  }
  const plannerP99 = Number(timing.find((v) => v.key === 'planner_ms_p99')?.value ?? NaN);
  const controllerP99 = Number(timing.find((v) => v.key === 'controller_ms_p99')?.value ?? NaN);
  const plannerP50 = Number(timing.find((v) => v.key === 'planner_ms_p50')?.value ?? NaN);
  const controllerP50 = Number(timing.find((v) => v.key === 'controller_ms_p50')?.value ?? NaN);
  worldTimings.push({ plannerP50, plannerP99, controllerP50, controllerP99 });
  await launcher.shutdown();
  return results;
}

const worldTimings: Array<{
  plannerP50: number;
  plannerP99: number;
  controllerP50: number;
  controllerP99: number;
}> = [];
const all: GoalResult[] = [];
console.log(
  `eval:nav on ${worlds} ${values.split} world(s) from seed ${firstSeed}, ${goalsPerWorld} goals each`,
);
// A walking person in every other world: half of them.
for (let k = 0; k < worlds; k++) all.push(...(await runWorld(firstSeed + k, k % 2 === 1)));

const median = (xs: number[]) => percentile(Float64Array.from(xs.filter(Number.isFinite)).sort(), 50);
const summary = (rows: GoalResult[]) => {
  const ok = rows.filter((r) => r.success);
  return {
    goals: rows.length,
    successRate: ok.length / Math.max(1, rows.length),
    collisions: rows.reduce((s, r) => s + r.collisions, 0),
    personCollisions: rows.reduce((s, r) => s + r.personCollisions, 0),
    itemsPushed: rows.reduce((s, r) => s + r.itemsPushed, 0),
    pathLengthRatio: median(ok.map((r) => r.pathLengthRatio)),
    timeRatio: median(ok.map((r) => r.timeRatio)),
    goalErrorMedianM: median(ok.map((r) => r.positionErrorM)),
    headingErrorMedianRad: median(ok.map((r) => r.headingErrorRad)),
    recoveries: rows.reduce((s, r) => s + r.recoveries, 0),
  };
};
const rows = [
  ...KINDS.map((kind) => ({ kind, ...summary(all.filter((r) => r.kind === kind)) })),
  { kind: 'without a person', ...summary(all.filter((r) => !r.person)) },
  { kind: 'with a person', ...summary(all.filter((r) => r.person)) },
  { kind: 'all', ...summary(all) },
];
console.log(`\n${table(rows.map((r) => ({ ...r, successRate: r.successRate.toFixed(3) })))}`);
const failures = all.filter((r) => !r.success);
if (failures.length > 0)
  console.log(`\nfailures:\n${failures.map((r) => `  world ${r.world} ${r.kind}: ${r.outcome}`).join('\n')}`);
const worst = (key: keyof (typeof worldTimings)[number]) =>
  Math.max(...worldTimings.map((t) => t[key]).filter(Number.isFinite));
console.log(
  `\nnavigator wall-clock times (per world, worst shown): global plan p50 ${worst('plannerP50').toFixed(2)} ms, p99 ${worst('plannerP99').toFixed(2)} ms; control cycle p50 ${worst('controllerP50').toFixed(2)} ms, p99 ${worst('controllerP99').toFixed(2)} ms`,
);
const overall = summary(all);
console.log(
  JSON.stringify({
    successRate: overall.successRate,
    collisions: overall.collisions,
    personCollisions: overall.personCollisions,
    itemsPushed: overall.itemsPushed,
    pathLengthRatio: overall.pathLengthRatio,
    timeRatio: overall.timeRatio,
    goalErrorMedianM: overall.goalErrorMedianM,
    plannerMsP99: worst('plannerP99'),
    controllerMsP99: worst('controllerP99'),
    goals: overall.goals,
    worlds,
    split: values.split,
    firstSeed,
  }),
);
