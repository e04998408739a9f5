/**
 * npm run eval:tidy [-- --first-seed S --worlds N --split heldout|dev --rows true,perception --voice true|false]
 *
 * The whole tidy-up as launched on the robot (`launch/sim.launch.yaml`: the sim bridge and
 * tidy.launch.yaml's stack: SLAM, perception, navigation, manipulation, grounder, task planner),
 * sim time as fast as the machine goes, one episode per world. The stack gets the house
 * description the sim writes (furniture only) and the shipped tidy rules; nothing else.
 *
 * Scored from the sim's ground truth at the end of the episode, for each item that was not
 * already at home: in its right home (in or on a piece of furniture of its true category's home
 * kind, as its rule asks), in a wrong home (in or on other furniture), dropped elsewhere (moved
 * more than 15 cm, on no furniture) or left loose. An episode ends when the planner says it has
 * tidied all it can, after `--sim-budget` sim seconds per item, or when it is stuck: 5 sim
 * minutes with nothing more put away and the robot nowhere half a metre on (an intervention: a
 * person would have had to help). Collisions are the base's
 * bumper presses. Rows: `true` gives the stack the items' true poses and classes on /objects in
 * place of its perception (the ablation that splits perception's share of the misses);
 * `perception` is the robot's own.
 *
 * Splits: `heldout` worlds are seeds from 9,300,001 with the heldout randomization, fixed and
 * never used for tuning; `dev` worlds (seeds from 9,350,001, train randomization) are for tuning.
 * Voice episodes (scripts/eval/harness/voiceEpisode.ts, `--voice false` skips them): stop latency,
 * voice → first motion and where-is answers, at real time, with the items' true poses.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { packageIndex } from '../../src/cli/packages.ts';
import { Launcher } from '../../src/runtime/launch/Launcher.ts';
import { TransformListener } from '../../src/runtime/tf/TransformListener.ts';
import { furnitureFootprint, overlapsFootprint } from '../../sim/world/furnitureFootprint.ts';
import { generateWorld } from '../../sim/world/generateWorld.ts';
import { houseDescriptionYaml } from '../../sim/world/houseDescription.ts';
import type { World, WorldItem } from '../../sim/world/World.ts';
import { table } from '../bench/stats.ts';
import { distanceToFootprint } from '../../src/manipulation/placeApproach.ts';
import { TreeFactory } from '../../src/planner/index.ts';
import { ActionTimes, type ActionTime } from './harness/actionTimes.ts';
import { PhaseTimes } from './harness/phaseTimes.ts';
import type { katazuke_msgs } from '../../src/messages/types.generated.ts';
import { inHome, startTruthFeeds } from './harness/truthFeeds.ts';
import { runVoiceEpisode, type VoiceResult } from './harness/voiceEpisode.ts';

const LAUNCH = fileURLToPath(new URL('../../launch/sim.launch.yaml', import.meta.url));
const SPLITS = {
  heldout: { firstSeed: 9_300_001, randomization: 'heldout' },
  dev: { firstSeed: 9_350_001, randomization: 'train' },
} as const;
const MOVED_M = 0.15;
const STUCK_SIM_S = 300;
const DONE_PHRASE = 'I have tidied everything I can.';

const { values } = parseArgs({
  options: {
    split: { type: 'string', default: 'heldout' },
    'first-seed': { type: 'string' },
    worlds: { type: 'string', default: '3' },
    rows: { type: 'string', default: 'true,perception' },
    'sim-budget': { type: 'string', default: '60' },
    'max-items': { type: 'string', default: '0' },
    voice: { type: 'string', default: 'true' },
    verbose: { type: 'boolean', default: false },
  },
});
if (values.split !== 'heldout' && values.split !== 'dev')
  throw new Error(`--split must be heldout or dev, got '${values.split}'`);
const split = SPLITS[values.split];
const firstSeed = values['first-seed'] === undefined ? split.firstSeed : Number(values['first-seed']);
const worlds = Number(values.worlds);
const simBudgetPerItemS = Number(values['sim-budget']);
const maxItems = Number(values['max-items']);
for (const [name, value] of [
  ['--first-seed', firstSeed],
  ['--worlds', worlds],
  ['--sim-budget', simBudgetPerItemS],
] as const)
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a positive integer, got ${value}`);
if (values.voice !== 'true' && values.voice !== 'false')
  throw new Error(`--voice must be true or false, got '${values.voice}'`);
const rows = values.rows.split(',').map((r) => r.trim());
for (const row of rows)
  if (row !== 'true' && row !== 'perception')
    throw new Error(`--rows are 'true' and 'perception', got '${row}'`);

/** The running episode's sim time, for the verbose log. */
let simClockS = 0;
/** The base's true pose as `--verbose` prints it beside a recovery or a lost item. */
let truePoseText = '';

type Outcome = 'home' | 'wrong_home' | 'dropped' | 'loose';
interface Episode {
  readonly world: number;
  readonly row: string;
  readonly outcomes: Record<Outcome, number>;
  readonly simS: number;
  readonly wallS: number;
  readonly collisions: number;
  readonly interventions: number;
  readonly asked: number;
  /** Sim seconds each behaviour-tree node ran (from /behavior_tree_log). */
  readonly actions: ReadonlyMap<string, ActionTime>;
  /** Sim seconds in each phase of the pick and place actions (from their feedback). */
  readonly phases: ReadonlyMap<string, ActionTime>;
}

/** The tree's own actions (what the planner registers), not BehaviorTree.CPP's built-in nodes. */
const BUILT_IN_NODES = new Set(new TreeFactory().registeredTypes());

const fixed = (v: number[]) => v.map((x) => x.toFixed(2)).join(', ');

/** Where an item ended, from the truth: at its home as its rule asks, on other furniture, moved, or where it was. */
function outcomeOf(world: World, item: WorldItem, start: ArrayLike<number>, end: ArrayLike<number>): Outcome {
  if (world.furniture.some((f) => f.category === item.home && inHome(item, f, end))) return 'home';
  const onFurniture = world.furniture.some((f) => {
    const top = f.position[2] + f.size[2] / 2;
    return (
      overlapsFootprint(furnitureFootprint(f), end[0]!, end[1]!, 0, 0) &&
      end[2]! > 0.05 &&
      end[2]! < top + 0.3
    );
  });
  if (onFurniture && Math.hypot(end[0]! - start[0]!, end[1]! - start[1]!) > MOVED_M) return 'wrong_home';
  return Math.hypot(end[0]! - start[0]!, end[1]! - start[1]!) > MOVED_M ? 'dropped' : 'loose';
}

/** The stack as sim.launch.yaml brings it up on world `seed`: `row` 'true' gives it true objects. */
async function launchWorld(seed: number, row: string, realTimeFactor: number) {
  const world = generateWorld(seed, split.randomization);
  const dir = mkdtempSync(join(tmpdir(), 'katazuke-tidy-'));
  const houseFile = join(dir, 'house.yaml');
  writeFileSync(houseFile, houseDescriptionYaml(world));
  const launcher = await Launcher.start(LAUNCH, {
    packages: packageIndex(),
    mode: 'composed',
    args: new Map([
      ['seed', String(seed)],
      ['split', split.randomization],
      ['house_file', houseFile],
      ['real_time_factor', String(realTimeFactor)],
      ['people', '0'],
      ['perception', row === 'perception' ? 'true' : 'false'],
      ['rules_save_file', join(dir, 'rules.yaml')],
      ['status_period_s', '0'],
      // Without perception the ceiling cameras serve nothing, and the grasp needs only 320 px of depth.
      ...(row === 'true'
        ? ([
            ['ceiling_cameras', '0'],
            ['head_camera_width', '320'],
          ] as const)
        : []),
    ]),
    logSinks: values.verbose
      ? [
          (record) =>
            (/task_planner|manipulator|navigator/.test(record.name) ||
              // The sim's truth of what the hand holds: when an item was lost on the way.
              record.message.startsWith('the hand holds') ||
              record.level === 'warn' ||
              record.level === 'error') &&
            process.stderr.write(
              `    ${simClockS.toFixed(1)} s [${record.name}] ${record.message}${/recovery|holds nothing/.test(record.message) ? ` (base at ${truePoseText})` : ''}\n`,
            ),
        ]
      : [],
  });
  return { world, launcher };
}

async function runEpisode(seed: number, row: string): Promise<Episode> {
  const wallStart = performance.now();
  const { world, launcher } = await launchWorld(seed, row, 0);
  const probe = launcher.context.createNode('tidy_evaluation', {
    arguments: ['--ros-args', '-p', 'use_sim_time:=true'],
  });
  let simS = 0;
  probe.createSubscription(
    'rosgraph_msgs/msg/Clock',
    '/clock',
    (m) => (simS = simClockS = m.clock.sec + m.clock.nanosec * 1e-9),
  );
  const truth = startTruthFeeds(probe, world.items, { localization: false });
  if (row !== 'true') truth.stop();
  // Localization error (SLAM's map → base against the true pose), reported with the progress.
  const listener = new TransformListener(probe);
  let trueXY: [number, number] = [0, 0];
  let trueYaw = 0;
  probe.createSubscription('geometry_msgs/msg/PoseStamped', '/sim/ground_truth/pose', (m) => {
    trueXY = [m.pose.position.x, m.pose.position.y];
    const q = m.pose.orientation;
    trueYaw = Math.atan2(2 * (q.w * q.z + q.x * q.y), 1 - 2 * (q.y * q.y + q.z * q.z));
    truePoseText = `${trueXY[0].toFixed(2)}, ${trueXY[1].toFixed(2)}, ${trueYaw.toFixed(2)} rad`;
  });
  const localizationErrorM = () => {
    try {
      const t = listener.buffer.lookupTransform('map', 'base_footprint').transform.translation;
      return Math.hypot(t.x - trueXY[0], t.y - trueXY[1]);
    } catch {
      return Number.NaN;
    }
  };
  let bumps = 0;
  let pressed = false;
  probe.createSubscription('std_msgs/msg/Bool', '/bumper', (m) => {
    if (m.data && !pressed) {
      bumps++;
      // When, so a collision can be matched to what the stack was doing (the node logs above).
      if (values.verbose) {
        const [x, y] = trueXY;
        const nearest = world.furniture
          .map((f) => ({ id: f.id, d: distanceToFootprint(f, x, y) }))
          .sort((a, b) => a.d - b.d)[0]!;
        process.stderr.write(
          `    ${simS.toFixed(1)} s bumper pressed at (${x.toFixed(2)}, ${y.toFixed(2)}, ${trueYaw.toFixed(2)} rad), the centre ${nearest.d.toFixed(3)} m from the ${nearest.id}\n`,
        );
      }
    }
    pressed = m.data;
  });
  const actionTimes = new ActionTimes();
  probe.createSubscription('nav2_msgs/msg/BehaviorTreeLog', '/behavior_tree_log', (m) => actionTimes.add(m));
  const phaseTimes = new PhaseTimes();
  for (const action of ['pick', 'place'] as const) {
    const type = action === 'pick' ? 'katazuke_msgs/action/Pick' : 'katazuke_msgs/action/Place';
    probe.createSubscription(`${type}_FeedbackMessage`, `/${action}/_action/feedback`, (message) => {
      const m = message as katazuke_msgs.action.Place_FeedbackMessage;
      phaseTimes.feedback(action, m.goal_id, m.feedback.phase, simS);
    });
    probe.createSubscription('action_msgs/msg/GoalStatusArray', `/${action}/_action/status`, (m) =>
      phaseTimes.status(m, simS),
    );
  }
  let done = false;
  let asked = 0;
  probe.createSubscription('std_msgs/msg/String', '/speech/reply', (m) => {
    if (m.data === DONE_PHRASE) done = true;
    else if (m.data.startsWith("I can't")) asked++;
  });
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  // Where the items lie once they have settled (they are dropped into the room at the start).
  while (!truth.items() || simS < 2) await sleep(50);
  const poseOf = (id: string) => {
    const p = truth.items()!.items.find((i) => i.id === id)!.pose.pose;
    return [
      p.position.x,
      p.position.y,
      p.position.z,
      p.orientation.x,
      p.orientation.y,
      p.orientation.z,
      p.orientation.w,
    ];
  };
  // Items the sim put at home already are not the robot's work.
  const simulated = world.items.filter((item) => truth.items()!.items.some((i) => i.id === item.id));
  const start = new Map(simulated.map((item) => [item.id, poseOf(item.id)]));
  const work = simulated.filter(
    (item) => outcomeOf(world, item, start.get(item.id)!, start.get(item.id)!) !== 'home',
  );
  /** Where `item` is now: one still in the hand is not put anywhere, however near its home it hangs. */
  const outcomeNow = (item: WorldItem): Outcome =>
    truth.held() === item.id ? 'loose' : outcomeOf(world, item, start.get(item.id)!, poseOf(item.id));
  const tally = () => {
    const outcomes: Record<Outcome, number> = { home: 0, wrong_home: 0, dropped: 0, loose: 0 };
    for (const item of work) outcomes[outcomeNow(item)]++;
    return outcomes;
  };
  const budgetS = simBudgetPerItemS * (maxItems > 0 ? Math.min(maxItems, work.length) : work.length);
  let lastHome = 0;
  let lastXY: [number, number] = [...trueXY];
  let lastChangeS = simS;
  let interventions = 0;
  let reportS = 0;
  /** Items at home at the last look: one that leaves is logged (knocked off, or it fell). */
  const atHome = new Set<string>();
  for (;;) {
    await sleep(200);
    if (values.verbose)
      for (const item of work) {
        if (truth.held() === item.id) continue;
        if (outcomeNow(item) === 'home') atHome.add(item.id);
        else if (atHome.delete(item.id))
          process.stderr.write(
            `    ${simS.toFixed(1)} s ${item.id} left its home: now at (${fixed(poseOf(item.id).slice(0, 3))}), the base at ${truePoseText}\n`,
          );
      }
    // Progress: something more put away, or the robot got somewhere (half a metre on).
    const home = tally().home;
    if (home !== lastHome || Math.hypot(trueXY[0] - lastXY[0], trueXY[1] - lastXY[1]) > 0.5) {
      lastHome = home;
      lastXY = [...trueXY];
      lastChangeS = simS;
    }
    if (simS - reportS >= 20) {
      reportS = simS;
      process.stderr.write(
        `  world ${seed} (${row}): ${simS.toFixed(0)} s sim, ${home}/${work.length} at home, localization error ${(localizationErrorM() * 100).toFixed(1)} cm\n`,
      );
    }
    if (done || simS > budgetS || (maxItems > 0 && home >= maxItems)) break;
    if (simS - lastChangeS > STUCK_SIM_S) {
      interventions++;
      break;
    }
  }
  const outcomes = tally();
  if (values.verbose)
    for (const item of work) {
      const outcome = outcomeNow(item);
      if (outcome !== 'loose')
        process.stderr.write(
          `    ${item.id}: ${outcome}, from (${fixed(start.get(item.id)!.slice(0, 3))}) to (${fixed(poseOf(item.id).slice(0, 3))})\n`,
        );
    }
  const episode: Episode = {
    world: seed,
    row,
    outcomes,
    simS,
    wallS: (performance.now() - wallStart) / 1000,
    collisions: bumps,
    interventions,
    asked,
    actions: actionTimes.totals(),
    phases: phaseTimes.totals(),
  };
  truth.stop();
  await launcher.shutdown();
  return episode;
}

const episodes: Episode[] = [];
const voices: Array<VoiceResult & { world: number }> = [];
for (let w = 0; w < worlds; w++) {
  const seed = firstSeed + w;
  for (const row of rows) {
    process.stderr.write(
      `world ${w + 1}/${worlds} (seed ${seed}), ${row === 'true' ? 'true item poses and classes' : 'perception'}\n`,
    );
    const episode = await runEpisode(seed, row);
    episodes.push(episode);
    process.stderr.write(
      `  → ${episode.outcomes.home} home, ${episode.outcomes.wrong_home} wrong home, ${episode.outcomes.dropped} dropped, ${episode.outcomes.loose} loose; ${episode.simS.toFixed(0)} s sim, ${episode.wallS.toFixed(0)} s wall\n`,
    );
  }
  if (values.voice === 'true') {
    process.stderr.write(`world ${w + 1}/${worlds} (seed ${seed}), voice episode at real time\n`);
    const { world, launcher } = await launchWorld(seed, 'true', 1);
    const voice = await runVoiceEpisode(launcher, world, (line) => {
      if (values.verbose) process.stderr.write(`    [voice] ${line}\n`);
    });
    await launcher.shutdown();
    voices.push({ ...voice, world: seed });
    process.stderr.write(
      `  → stop ${voice.stopLatencyS?.toFixed(2) ?? '-'} s, voice → motion ${voice.voiceToMotionS?.toFixed(2) ?? '-'} s, where-is ${voice.whereIsRight}/${voice.whereIsAsked}\n`,
    );
  }
}

const summarize = (list: Episode[]) => {
  const sum = (f: (e: Episode) => number) => list.reduce((s, e) => s + f(e), 0);
  const items = sum((e) => e.outcomes.home + e.outcomes.wrong_home + e.outcomes.dropped + e.outcomes.loose);
  const home = sum((e) => e.outcomes.home);
  return {
    items,
    home,
    rate: items ? home / items : 0,
    wrongRate: items ? sum((e) => e.outcomes.wrong_home) / items : 0,
    dropped: sum((e) => e.outcomes.dropped),
    loose: sum((e) => e.outcomes.loose),
    secondsPerItem: home ? sum((e) => e.simS) / home : null,
    wallS: sum((e) => e.wallS),
    collisions: sum((e) => e.collisions),
    interventions: sum((e) => e.interventions),
    asked: sum((e) => e.asked),
  };
};
console.log(
  table(
    episodes.map((e) => ({
      world: e.world,
      objects: e.row === 'true' ? 'true' : 'perceived',
      home: e.outcomes.home,
      'wrong home': e.outcomes.wrong_home,
      dropped: e.outcomes.dropped,
      loose: e.outcomes.loose,
      'sim s': e.simS.toFixed(0),
      'wall s': e.wallS.toFixed(0),
      collisions: e.collisions,
      interventions: e.interventions,
      asked: e.asked,
    })),
  ),
);
const byRow = Object.fromEntries(rows.map((row) => [row, summarize(episodes.filter((e) => e.row === row))]));
console.log(
  table(
    rows.map((row) => {
      const s = byRow[row]!;
      return {
        objects: row === 'true' ? 'true poses and classes (ablation)' : 'perception',
        items: s.items,
        'tidied rate': s.rate.toFixed(3),
        'wrong home': s.wrongRate.toFixed(3),
        dropped: s.dropped,
        loose: s.loose,
        's/item (sim)': s.secondsPerItem === null ? '-' : s.secondsPerItem.toFixed(1),
        'wall s': s.wallS.toFixed(0),
        collisions: s.collisions,
        interventions: s.interventions,
      };
    }),
  ),
);
console.log(
  `\n${values.split} worlds ${firstSeed}…${firstSeed + worlds - 1}; items not at home at the start. Voice episodes run at real time with true item poses, speech synthesized by espeak-ng through the recognizer.`,
);
if (voices.length > 0)
  console.log(
    table(
      voices.map((v) => ({
        world: v.world,
        'stop latency s': v.stopLatencyS?.toFixed(2) ?? 'did not stop',
        'voice → motion s': v.voiceToMotionS?.toFixed(2) ?? 'did not move',
        'where is': `${v.whereIsRight}/${v.whereIsAsked}`,
      })),
    ),
  );
// Where the time went: the planner's actions, and the phases of its picks and places, summed over each row's episodes.
for (const row of rows) {
  const list = episodes.filter((e) => e.row === row);
  const episodeS = list.reduce((sum, e) => sum + e.simS, 0);
  const sources = [
    { what: 'action', of: (e: Episode) => e.actions, from: '/behavior_tree_log' },
    { what: 'phase', of: (e: Episode) => e.phases, from: 'the pick and place actions’ feedback' },
  ];
  for (const { what, of, from } of sources) {
    const totals = new Map<string, { runs: number; seconds: number }>();
    for (const episode of list)
      for (const [name, time] of of(episode)) {
        if (BUILT_IN_NODES.has(name)) continue;
        const total = totals.get(name) ?? { runs: 0, seconds: 0 };
        total.runs += time.runs;
        total.seconds += time.seconds;
        totals.set(name, total);
      }
    if (totals.size > 0)
      console.log(
        `\nWhere the sim time went (${row === 'true' ? 'true poses and classes' : 'perception'}; from ${from}):\n${table(
          [...totals]
            .sort((a, b) => b[1].seconds - a[1].seconds)
            .map(([name, t]) => ({
              [what]: name,
              runs: t.runs,
              'sim s': t.seconds.toFixed(0),
              's per run': (t.seconds / t.runs).toFixed(1),
              'share of the episodes': `${((100 * t.seconds) / episodeS).toFixed(0)} %`,
            })),
        )}`,
      );
  }
}
const main = byRow.perception ?? byRow.true!;
const mean = (list: Array<number | undefined>) =>
  list.length === 0 || list.some((v) => v === undefined)
    ? null
    : list.reduce((sum: number, v) => sum + v!, 0) / list.length;
const asked = voices.reduce((sum, v) => sum + v.whereIsAsked, 0);
const round = (v: number | null) => (v === null ? null : Number(v.toFixed(4)));
console.log(
  JSON.stringify({
    itemsTidiedRate: byRow.perception ? round(byRow.perception.rate) : null,
    wrongHomeRate: round(main.wrongRate),
    secondsPerItem: round(main.secondsPerItem),
    interventions: main.interventions,
    collisions: main.collisions,
    // A world where the robot never stopped or never moved again counts as no figure (null).
    stopLatencyS: round(mean(voices.map((v) => v.stopLatencyS))),
    voiceToMotionS: round(mean(voices.map((v) => v.voiceToMotionS))),
    whereIsAccuracy: asked ? round(voices.reduce((sum, v) => sum + v.whereIsRight, 0) / asked) : null,
    itemsTidiedRateTruePerception: byRow.true ? round(byRow.true.rate) : null,
  }),
);
