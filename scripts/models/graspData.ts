/**
 * Grasp trials for training the grasp policy: for each scene (an item settled on the floor and
 * seen once, scripts/eval/harness/graspTrial.ts), `--per-scene` of the policy's candidates
 * (src/manipulation/graspProposals.ts), a third of them suction, are tried in physics and
 * recorded with what the policy sees of them (src/manipulation/graspFeatures.ts).
 *
 *   tsx scripts/models/graspData.ts --range train|nominal|heldout --first-seed S --scenes N
 *     [--per-scene K] [--out DIR]
 *
 * Writes DIR/grasp-RANGE-S-N.{maps.f32,vectors.f32,labels.u8,scenes.u32,json}: per trial the
 * height map, the feature vector, whether it held, and the scene's seed (to split by scene).
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Random } from '../../src/common/random.ts';
import { graspProposals } from '../../src/manipulation/graspProposals.ts';
import {
  HEIGHT_MAP_VALUES,
  SHAPE_FEATURES,
  writeGraspFeatures,
} from '../../src/manipulation/graspFeatures.ts';
import { CATEGORIES, graspScene, graspTrial, type GraspRange } from '../eval/harness/graspTrial.ts';
import { FINGER } from '../../sim/physics/Hand.ts';

const { values } = parseArgs({
  options: {
    range: { type: 'string', default: 'train' },
    'first-seed': { type: 'string', default: '1' },
    scenes: { type: 'string', default: '100' },
    'per-scene': { type: 'string', default: '6' },
    out: { type: 'string', default: 'models/data' },
  },
});
const range = values.range as GraspRange;
if (!['train', 'nominal', 'heldout'].includes(range))
  throw new Error(`--range must be train, nominal or heldout, got '${values.range}'`);
const firstSeed = Number(values['first-seed']);
const scenes = Number(values.scenes);
const perScene = Number(values['per-scene']);
for (const [name, value] of [
  ['first-seed', firstSeed],
  ['scenes', scenes],
  ['per-scene', perScene],
] as const)
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`--${name} must be a positive integer, got ${value}`);

const HAND = { maxOpeningM: FINGER.maxOpeningM, padLengthM: FINGER.lengthM };
const vectorSize = SHAPE_FEATURES + CATEGORIES.length;
const capacity = scenes * perScene;
const maps = new Float32Array(capacity * HEIGHT_MAP_VALUES);
const vectors = new Float32Array(capacity * vectorSize);
const labels = new Uint8Array(capacity);
const sceneSeeds = new Uint32Array(capacity);
const held = new Map<string, [number, number]>();
let count = 0;
const started = performance.now();
for (let seed = firstSeed; seed < firstSeed + scenes; seed++) {
  const scene = await graspScene(seed, range);
  const proposals = graspProposals(scene.points, scene.supportZ, HAND);
  if (!proposals) continue;
  const random = new Random(seed * 7 + 5);
  const jaws = proposals.candidates.filter((c) => c.tool === 'gripper');
  const cups = proposals.candidates.filter((c) => c.tool === 'suction');
  for (let k = 0; k < perScene; k++) {
    const pool = cups.length > 0 && (jaws.length === 0 || random.chance(1 / 3)) ? cups : jaws;
    const candidate = pool[random.int(0, pool.length)]!;
    const outcome = await graspTrial(scene, candidate);
    writeGraspFeatures(
      proposals.points,
      scene.supportZ,
      proposals.footprint,
      candidate,
      scene.classes,
      HAND,
      maps,
      count * HEIGHT_MAP_VALUES,
      vectors,
      count * vectorSize,
    );
    labels[count] = outcome === 'held' ? 1 : 0;
    sceneSeeds[count] = seed;
    const tally = held.get(scene.item.category) ?? [0, 0];
    held.set(scene.item.category, [tally[0] + labels[count]!, tally[1] + 1]);
    count++;
  }
  const done = seed - firstSeed + 1;
  if (done % 50 === 0 || done === scenes)
    console.error(
      `grasp data (${range}): ${done}/${scenes} scenes, ${count} trials, ` +
        `${((performance.now() - started) / 1000).toFixed(0)} s`,
    );
}
mkdirSync(values.out!, { recursive: true });
const stem = `${values.out}/grasp-${range}-${firstSeed}-${scenes}`;
writeFileSync(`${stem}.maps.f32`, maps.subarray(0, count * HEIGHT_MAP_VALUES));
writeFileSync(`${stem}.vectors.f32`, vectors.subarray(0, count * vectorSize));
writeFileSync(`${stem}.labels.u8`, labels.subarray(0, count));
writeFileSync(`${stem}.scenes.u32`, sceneSeeds.subarray(0, count));
const successRate = labels.subarray(0, count).reduce((a, b) => a + b, 0) / Math.max(1, count);
writeFileSync(
  `${stem}.json`,
  JSON.stringify(
    {
      range,
      firstSeed,
      scenes,
      perScene,
      trials: count,
      successRate,
      heightMapValues: HEIGHT_MAP_VALUES,
      vectorSize,
      categories: CATEGORIES,
    },
    null,
    1,
  ),
);
console.log(`${stem}: ${count} trials, ${(100 * successRate).toFixed(1)}% held`);
for (const [category, [ok, n]] of [...held].sort()) console.log(`  ${category.padEnd(18)} ${ok}/${n}`);
