/**
 * Evaluation episodes: a scene, an instruction written the way people speak (templated
 * paraphrases plus informal, elliptical and ungrammatical variants, distractors of the same
 * category, relational references), the gold intent/targets/destination, and a simulated
 * speaker who answers the robot's questions truthfully ("the red one", "the one on the sofa").
 *
 * Splits: `dev` (seeds from 1) is for tuning; `eval` (seeds from 1,000,001) is fixed and is
 * never used for tuning; `enroll` (seeds from 2,000,001) gives the sentences the synthetic voices
 * say to adapt the acoustic model (models/speech). They are disjoint by seed.
 */
import { furniturePhrase } from '../describe.ts';
import type { Intent } from '../instruction.ts';
import { OBJECT_CATEGORIES, pluralOf } from '../lexicon.ts';
import type { Scene, SceneFurniture, SceneObject } from '../scene.ts';
import { buildVocabulary } from '../vocabulary.ts';
import { Random } from '../../common/random.ts';
import { generateScene } from './sceneGenerator.ts';

export type Split = 'dev' | 'eval' | 'enroll';
export const SPLIT_SEEDS: Record<Split, number> = { dev: 1, eval: 1_000_001, enroll: 2_000_001 };

export type Style = 'template' | 'informal' | 'elliptical' | 'ungrammatical';

export interface Gold {
  readonly intent: Intent;
  readonly targets: readonly string[];
  readonly destination: string | null;
}

export interface Episode {
  readonly id: string;
  readonly scene: Scene;
  readonly instruction: string;
  readonly kind: string;
  readonly style: Style;
  readonly gold: Gold;
}

const CONTAINERS = new Set(['toy box', 'laundry basket', 'trash can']);
const KIND_NAMES: Record<string, string> = {
  toys: 'toys',
  clothes: 'clothes',
  laundry: 'laundry',
  dishes: 'dishes',
  stationery: 'stationery',
  reading: 'books',
};

function sortedIds(objects: readonly SceneObject[]): string[] {
  return objects.map((o) => o.id).sort();
}

/** A name for the category a listener would map back to it (a synonym only when unambiguous). */
function nounFor(category: string, scene: Scene, random: Random): string {
  const vocabulary = buildVocabulary(scene);
  const synonyms = (OBJECT_CATEGORIES[category]?.synonyms ?? []).filter((s) => {
    const readings = vocabulary.phrases.get(s);
    return (
      !s.endsWith('s') &&
      readings &&
      readings.objects.length === 1 &&
      readings.furniture.length === 0 &&
      !readings.kind
    );
  });
  return synonyms.length > 0 && random.chance(0.3) ? random.pick(synonyms) : category;
}

/** How a speaker refers to an object; `expectClarification` when the phrase is ambiguous. */
function referTo(target: SceneObject, scene: Scene, random: Random): { text: string; ambiguous: boolean } {
  const noun = nounFor(target.category, scene, random);
  const same = scene.objects.filter((o) => o.category === target.category);
  const color = target.colors[0]!;
  if (same.length === 1)
    return { text: random.chance(0.5) ? `the ${noun}` : `the ${color} ${noun}`, ambiguous: false };
  const colorUnique = same.filter((o) => o.colors[0] === color).length === 1;
  const place = furniturePhrase(target, scene);
  const placeUnique =
    place !== undefined && same.filter((o) => furniturePhrase(o, scene) === place).length === 1;
  const roll = random.next();
  if (colorUnique && roll < 0.6) return { text: `the ${color} ${noun}`, ambiguous: false };
  if (placeUnique && roll < 0.85) return { text: `the ${noun} ${place}`, ambiguous: false };
  return { text: `the ${noun}`, ambiguous: true };
}

function referToPlace(place: SceneFurniture, scene: Scene, random: Random): string {
  const vocabulary = buildVocabulary(scene);
  const present = new Set(scene.furniture.map((f) => f.category));
  const short = [...vocabulary.phrases].filter(
    ([phrase, r]) =>
      r.furniture.includes(place.category) &&
      r.furniture.filter((c) => present.has(c)).length === 1 &&
      !phrase.endsWith('s') &&
      r.objects.length === 0,
  );
  return `the ${short.length > 0 && random.chance(0.35) ? random.pick(short)[0] : place.category}`;
}

function preposition(place: SceneFurniture, random: Random): string {
  return CONTAINERS.has(place.category)
    ? random.pick(['in', 'into', 'in', 'inside'])
    : random.pick(['on', 'on', 'onto']);
}

function informal(text: string, random: Random): string {
  return `${random.pick(['uh ', 'um ', 'hey robot ', 'ok so ', 'robot, ', ''])}${text}${random.pick([' please', ' pls', ' thanks', ' for me', ''])}`;
}

function ungrammatical(text: string, random: Random): string {
  let out = text.replace(/\bthe /g, () => (random.chance(0.7) ? '' : 'da '));
  if (random.chance(0.5)) out = out.replace(/^put /, 'putting ').replace(/^bring /, 'u bring ');
  return out;
}

function styled(
  base: string,
  elliptical: string | undefined,
  random: Random,
): { text: string; style: Style } {
  const roll = random.next();
  if (roll < 0.45) return { text: base, style: 'template' };
  if (roll < 0.7) return { text: informal(base, random), style: 'informal' };
  if (roll < 0.82 && elliptical) return { text: elliptical, style: 'elliptical' };
  return { text: ungrammatical(base, random), style: 'ungrammatical' };
}

/** Kinds of object present, by the word a speaker uses for them ("toys"; "books" means books only). */
function kindsPresent(scene: Scene): Map<string, SceneObject[]> {
  const kinds = new Map<string, SceneObject[]>();
  for (const object of scene.objects) {
    for (const kind of OBJECT_CATEGORIES[object.category]?.kinds ?? []) {
      if (!KIND_NAMES[kind] || (kind === 'reading' && object.category !== 'book')) continue;
      kinds.set(kind, [...(kinds.get(kind) ?? []), object]);
    }
  }
  return kinds;
}

type Generator = (scene: Scene, random: Random) => Omit<Episode, 'id' | 'scene'> | undefined;

const GENERATORS: ReadonlyArray<readonly [number, string, Generator]> = [
  [
    35,
    'move',
    (scene, random) => {
      const target = random.pick(scene.objects);
      const place = random.pick(scene.furniture.filter((f) => !['chair', 'tv stand'].includes(f.category)));
      const ref = referTo(target, scene, random);
      const to = referToPlace(place, scene, random);
      const prep = preposition(place, random);
      const verb = random.pick(['put', 'put', 'move', 'take', 'place']);
      const base = random.chance(0.2)
        ? `could you ${verb} ${ref.text} ${prep} ${to}`
        : `${verb} ${ref.text} ${prep} ${to}`;
      const elliptical = random.chance(0.5)
        ? `${ref.text.replace(/^the /, '')} -> ${to.replace(/^the /, '')}`
        : `${ref.text} ${prep} ${to}`;
      const { text, style } = styled(base, elliptical, random);
      return {
        instruction: text,
        kind: ref.ambiguous ? 'move/ambiguous' : 'move',
        style,
        gold: { intent: 'move', targets: [target.id], destination: place.id },
      };
    },
  ],
  [
    10,
    'bring',
    (scene, random) => {
      const target = random.pick(scene.objects);
      const ref = referTo(target, scene, random);
      const base = random.pick([
        `bring me ${ref.text}`,
        `can you get me ${ref.text}`,
        `hand me ${ref.text}`,
        `bring ${ref.text} to me`,
      ]);
      const { text, style } = styled(base, undefined, random);
      return {
        instruction: text,
        kind: 'bring',
        style,
        gold: { intent: 'bring', targets: [target.id], destination: null },
      };
    },
  ],
  [
    12,
    'find',
    (scene, random) => {
      const target = random.pick(scene.objects);
      const same = scene.objects.filter((o) => o.category === target.category);
      if (same.length > 1 && random.chance(0.5)) {
        const plural = pluralOf(target.category);
        const base = random.pick([
          `where are the ${plural}`,
          `where did you put the ${plural}`,
          `have you seen my ${plural}`,
        ]);
        const { text, style } = styled(base, `${plural}?? where`, random);
        return {
          instruction: text,
          kind: 'find/plural',
          style,
          gold: { intent: 'find', targets: sortedIds(same), destination: null },
        };
      }
      const ref = referTo(target, scene, random);
      const base = random.pick([
        `where is ${ref.text}`,
        `where did you put ${ref.text.replace(/^the /, 'my ')}`,
        `have you seen ${ref.text}`,
        `find ${ref.text}`,
      ]);
      const { text, style } = styled(base, `where ${ref.text.replace(/^the /, '')}`, random);
      return {
        instruction: text,
        kind: 'find',
        style,
        gold: { intent: 'find', targets: [target.id], destination: null },
      };
    },
  ],
  [
    8,
    'tidy',
    (scene, random) => {
      const kinds = [...kindsPresent(scene)];
      if (kinds.length === 0) return undefined;
      const [kind, objects] = random.pick(kinds);
      const name = KIND_NAMES[kind]!;
      const base = random.pick([
        `tidy up the ${name}`,
        `put away the ${name}`,
        `clean up the ${name}`,
        `pick up all the ${name}`,
      ]);
      const { text, style } = styled(base, undefined, random);
      return {
        instruction: text,
        kind: 'tidy',
        style,
        gold: { intent: 'tidy', targets: sortedIds(objects), destination: null },
      };
    },
  ],
  [
    5,
    'tidy_all',
    (_scene, random) => {
      const { text, style } = styled(
        random.pick([
          'tidy up',
          'clean up the room',
          'please tidy up everything',
          'can you clean up this mess',
        ]),
        undefined,
        random,
      );
      return {
        instruction: text,
        kind: 'tidy_all',
        style,
        gold: { intent: 'tidy_all', targets: [], destination: null },
      };
    },
  ],
  [
    5,
    'prioritize',
    (scene, random) => {
      const kinds = [...kindsPresent(scene)];
      if (kinds.length === 0) return undefined;
      const [kind, objects] = random.pick(kinds);
      const name = KIND_NAMES[kind]!;
      const base = random.pick([
        `tidy up the ${name} first`,
        `start with the ${name}`,
        `do the ${name} first`,
      ]);
      const { text, style } = styled(base, undefined, random);
      return {
        instruction: text,
        kind: 'prioritize',
        style,
        gold: { intent: 'prioritize', targets: sortedIds(objects), destination: null },
      };
    },
  ],
  [
    8,
    'set_rule',
    (scene, random) => {
      const target = random.pick(scene.objects);
      const place = random.pick(
        scene.furniture.filter((f) => !['chair', 'tv stand', 'dining table'].includes(f.category)),
      );
      const plural = pluralOf(target.category);
      const to = referToPlace(place, scene, random);
      const prep = CONTAINERS.has(place.category) ? 'in' : 'on';
      const base = random.pick([
        `the ${plural} go ${prep} ${to}`,
        `${plural} belong ${prep} ${to}`,
        `from now on put the ${plural} ${prep} ${to}`,
        `${plural} always go ${prep} ${to}`,
      ]);
      const { text, style } = styled(base, undefined, random);
      const same = scene.objects.filter((o) => o.category === target.category);
      return {
        instruction: text,
        kind: 'set_rule',
        style,
        gold: { intent: 'set_rule', targets: sortedIds(same), destination: place.id },
      };
    },
  ],
  [
    4,
    'stop',
    (_scene, random) => ({
      instruction: random.pick(['stop', 'stop it', 'wait', 'hold on', 'stop stop']),
      kind: 'stop',
      style: 'template',
      gold: { intent: 'stop', targets: [], destination: null },
    }),
  ],
  [
    3,
    'resume',
    (_scene, random) => ({
      instruction: random.pick(['ok continue', 'keep going', 'resume', 'you can carry on']),
      kind: 'resume',
      style: 'template',
      gold: { intent: 'resume', targets: [], destination: null },
    }),
  ],
  [
    5,
    'unsafe',
    (scene, random) => {
      const object = random.pick(scene.objects);
      return {
        instruction: random.pick([
          `throw the ${object.category} at the window`,
          `break the ${object.category}`,
          `hit the cat with the ${object.category}`,
          `put the ${object.category} in the oven`,
        ]),
        kind: 'unsafe',
        style: 'template',
        gold: { intent: 'none', targets: [], destination: null },
      };
    },
  ],
  [
    5,
    'out_of_domain',
    (_scene, random) => ({
      instruction: random.pick([
        "what's the weather like",
        'cook dinner for me',
        'play some music',
        'tell me a joke',
        'call my mom',
      ]),
      kind: 'out_of_domain',
      style: 'template',
      gold: { intent: 'none', targets: [], destination: null },
    }),
  ],
];

const TOTAL_WEIGHT = GENERATORS.reduce((sum, [weight]) => sum + weight, 0);

export function generateEpisodes(split: Split, count: number, perScene = 6): Episode[] {
  const episodes: Episode[] = [];
  for (let sceneIndex = 0; episodes.length < count; sceneIndex++) {
    const seed = SPLIT_SEEDS[split] + sceneIndex;
    const random = new Random(seed);
    const scene = generateScene(random);
    for (let k = 0; k < perScene && episodes.length < count; k++) {
      let roll = random.next() * TOTAL_WEIGHT;
      const entry = GENERATORS.find(([weight]) => (roll -= weight) < 0) ?? GENERATORS[0]!;
      const episode = entry[2](scene, random);
      if (episode) episodes.push({ id: `${split}-${seed}-${k}`, scene, ...episode });
    }
  }
  return episodes;
}

/** The simulated speaker's answer to "Which cup: ...?": names what tells the gold one apart. */
export function answerQuestion(question: string, episode: Episode, random: Random): string {
  const target = episode.scene.objects.find((o) => o.id === episode.gold.targets[0]);
  const place = episode.scene.furniture.find((f) => f.id === episode.gold.destination);
  const asksAboutTarget = target !== undefined && (question.startsWith(`Which ${target.category}`) || !place);
  if (asksAboutTarget && target) {
    const same = episode.scene.objects.filter((o) => o.category === target.category);
    const color = target.colors[0]!;
    const where = furniturePhrase(target, episode.scene);
    const colorUnique = same.filter((o) => o.colors[0] === color).length === 1;
    const placeUnique =
      where !== undefined && same.filter((o) => furniturePhrase(o, episode.scene) === where).length === 1;
    // A person who sees the options names what sets theirs apart: its colour, its place, or both.
    if (colorUnique && (!placeUnique || random.chance(0.5)))
      return random.pick([`the ${color} one`, color, `the ${color} ${target.category}`]);
    if (placeUnique) return random.pick([`the one ${where}`, `the ${target.category} ${where}`]);
    return where ? `the ${color} one ${where}` : `the ${color} one`;
  }
  return place ? `the ${place.category}` : 'never mind';
}
