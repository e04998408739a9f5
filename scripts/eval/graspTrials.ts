/**
 * npm run eval:grasp-trials [-- --first-seed S --worlds N --planners dr,nodr,analytic --category c]
 *
 * The grasp policies on physics they never trained on, as many grasps as the machine allows: N
 * scenes (scripts/eval/harness/graspTrial.ts), each one item of a category drawn by its seed on
 * an empty floor, with the `heldout` ranges (mass, friction, centre of mass, size, how it lies,
 * depth noise and dropout, camera mounting error, box error wider than training's). Seeds from
 * 2,000,001 by default: never used for training (1–1,400) or validation (inside those).
 * Each planner ranks the candidates from the same view (a policy's as the manipulator orders
 * them: preferMiddle); its first three are tried in turn, each
 * from the item at rest (a failed try does not disturb it here, unlike on the robot). Success:
 * the item rose ≥ 10 cm and stayed in the hand through a 2 m carry at the base's full speed and
 * acceleration. The hand floats (no arm, no IK, no base): reaching is eval:grasp's to measure.
 *
 * Planners: `dr` (models/katazuke_grasp_policy.json, trained with domain randomization), `nodr`
 * (models/katazuke_grasp_policy_nodr.json, the same network on nominal physics and sensor) and
 * `analytic` (src/manipulation/analyticGrasp.ts). Last line: JSON with the keys.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { analyticGrasps, itemFootprint, type GraspCandidate } from '../../src/manipulation/analyticGrasp.ts';
import { GraspPolicy } from '../../src/manipulation/GraspPolicy.ts';
import { preferMiddle } from '../../src/manipulation/preferMiddle.ts';
import { FINGER } from '../../sim/physics/Hand.ts';
import { table } from '../bench/stats.ts';
import { CATEGORIES, graspScene, graspTrial } from './harness/graspTrial.ts';

const POLICIES = {
  dr: fileURLToPath(new URL('../../models/katazuke_grasp_policy.json', import.meta.url)),
  nodr: fileURLToPath(new URL('../../models/katazuke_grasp_policy_nodr.json', import.meta.url)),
} as const;
const ATTEMPTS = 3;
const HAND = { maxOpeningM: FINGER.maxOpeningM, padLengthM: FINGER.lengthM };

const { values } = parseArgs({
  options: {
    'first-seed': { type: 'string', default: '2000001' },
    worlds: { type: 'string', default: '400' },
    planners: { type: 'string', default: 'dr,nodr,analytic' },
    category: { type: 'string' },
  },
});
const firstSeed = Number(values['first-seed']);
const scenes = Number(values.worlds);
for (const [name, value] of [
  ['--first-seed', firstSeed],
  ['--worlds', scenes],
] as const)
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a positive integer, got ${value}`);
const planners = values.planners.split(',').map((p) => p.trim());
for (const p of planners)
  if (p !== 'dr' && p !== 'nodr' && p !== 'analytic')
    throw new Error(`--planners takes dr, nodr and analytic, got '${p}'`);
if (values.category !== undefined && !CATEGORIES.includes(values.category))
  throw new Error(`--category: no category '${values.category}'`);

type Planner = (scene: Awaited<ReturnType<typeof graspScene>>) => Promise<GraspCandidate[]>;
const policyMs: number[] = [];
const rankers = new Map<string, Planner>();
for (const name of planners) {
  if (name === 'analytic') {
    rankers.set(name, async (scene) => analyticGrasps(scene.points, scene.supportZ, HAND).slice(0, ATTEMPTS));
    continue;
  }
  const policy = await GraspPolicy.open(POLICIES[name as keyof typeof POLICIES]);
  rankers.set(name, async (scene) => {
    const hypotheses = CATEGORIES.map((c, k) => ({ name: c, score: scene.classes[k]! }));
    // As the manipulator does: of the grasps about as likely to hold, the one nearest the middle first.
    const proposed = await policy.rank(scene.points, scene.supportZ, hypotheses, HAND, 3 * ATTEMPTS);
    const footprint = itemFootprint(scene.points, scene.supportZ);
    const ranked = (footprint ? preferMiddle(proposed, footprint.center) : proposed).slice(0, ATTEMPTS);
    if (name === 'dr') policyMs.push(policy.timings.featuresMs + policy.timings.inferenceMs);
    return ranked;
  });
}

interface Row {
  readonly planner: string;
  readonly category: string;
  /** The try (1-based) that held, or 0. */
  readonly heldOn: number;
}
const rows: Row[] = [];
const started = performance.now();
for (let seed = firstSeed; seed < firstSeed + scenes; seed++) {
  const scene = await graspScene(seed, 'heldout', values.category);
  for (const [planner, rank] of rankers) {
    const candidates = await rank(scene);
    let heldOn = 0;
    for (let k = 0; k < candidates.length && heldOn === 0; k++)
      if ((await graspTrial(scene, candidates[k]!)) === 'held') heldOn = k + 1;
    rows.push({ planner, category: scene.item.category, heldOn });
  }
  const done = seed - firstSeed + 1;
  if (done % 25 === 0 || done === scenes)
    process.stderr.write(
      `scene ${done}/${scenes} (${((performance.now() - started) / 1000).toFixed(0)} s)\n`,
    );
}

const rate = (selected: Row[], within: number) =>
  selected.length ? selected.filter((r) => r.heldOn > 0 && r.heldOn <= within).length / selected.length : 0;
const of = (planner: string) => rows.filter((r) => r.planner === planner);
const categories = [...new Set(rows.map((r) => r.category))].sort();
console.log(
  table(
    categories.map((category) => ({
      category,
      scenes: String(of(planners[0]!).filter((r) => r.category === category).length),
      ...Object.fromEntries(
        planners.map((p) => [
          `${p} first`,
          rate(
            of(p).filter((r) => r.category === category),
            1,
          ).toFixed(2),
        ]),
      ),
    })),
  ),
);
const sortedMs = [...policyMs].sort((a, b) => a - b);
const p50 = sortedMs.length ? sortedMs[Math.floor(sortedMs.length / 2)]! : null;
console.log(
  table(
    planners.map((p) => ({
      planner: p,
      scenes: String(of(p).length),
      'first attempt': rate(of(p), 1).toFixed(3),
      'within 3': rate(of(p), ATTEMPTS).toFixed(3),
    })),
  ),
);
console.log(
  `\nheldout physics and sensor, scenes ${firstSeed}…${firstSeed + scenes - 1}; floating hand; success = lifted ≥ 10 cm and held through a 2 m carry. Policy ms: proposals, features and network, DR policy, this CPU, one thread.`,
);
const figure = (planner: string, within: number) =>
  planners.includes(planner) ? Number(rate(of(planner), within).toFixed(4)) : null;
console.log(
  JSON.stringify({
    graspSuccess: figure('dr', 1),
    graspSuccessWithin3: figure('dr', ATTEMPTS),
    graspSuccessNoDr: figure('nodr', 1),
    graspSuccessAnalytic: figure('analytic', 1),
    placeSuccess: null,
    policyMsP50: p50 === null ? null : Number(p50.toFixed(2)),
    attempts: of(planners[0]!).length,
  }),
);
