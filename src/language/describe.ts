/**
 * Words for where things are, as a person would say them: "the red cup on the low table",
 * "The socks are near the toy blocks by the entrance.", and questions that tell candidates
 * apart ("Which cup: the red one on the table or the blue one by the sofa?").
 */
import { footprintDistance, inViewerFrame, type Entity } from './spatial.ts';
import { viewerOf } from './resolve.ts';
import { pluralOf } from './lexicon.ts';
import type { Scene, SceneFurniture, SceneObject } from './scene.ts';

const BY_FURNITURE_M = 1.2;
const NEAR_OBJECT_M = 0.5;

export function furnitureName(furniture: SceneFurniture): string {
  return furniture.name ?? furniture.category;
}

function furnitureById(scene: Scene, id: string | undefined): SceneFurniture | undefined {
  return id === undefined ? undefined : scene.furniture.find((f) => f.id === id);
}

/** Where an object is relative to furniture: "on the sofa", "in the toy box", "under the low table", "by the entrance". */
export function furniturePhrase(object: SceneObject, scene: Scene): string | undefined {
  const inside = furnitureById(scene, object.in);
  if (inside) return `in the ${furnitureName(inside)}`;
  const on = furnitureById(scene, object.on);
  if (on) return `on the ${furnitureName(on)}`;
  let best: { furniture: SceneFurniture; distance: number } | undefined;
  for (const furniture of scene.furniture) {
    const distance = footprintDistance(object.position, { kind: 'furniture', value: furniture });
    if (distance <= BY_FURNITURE_M && (!best || distance < best.distance)) best = { furniture, distance };
  }
  if (!best) return undefined;
  if (best.distance === 0 && object.position[2] < best.furniture.position[2])
    return `under the ${furnitureName(best.furniture)}`;
  return `by the ${furnitureName(best.furniture)}`;
}

/** The nearest other object within reach, "near the toy blocks". */
export function neighbourPhrase(object: SceneObject, scene: Scene): string | undefined {
  let best: { other: SceneObject; distance: number } | undefined;
  for (const other of scene.objects) {
    if (other.id === object.id || other.category === object.category) continue;
    const distance = Math.hypot(
      other.position[0] - object.position[0],
      other.position[1] - object.position[1],
    );
    if (distance <= NEAR_OBJECT_M && (!best || distance < best.distance)) best = { other, distance };
  }
  return best ? `near the ${best.other.category}` : undefined;
}

export function locationPhrase(object: SceneObject, scene: Scene): string {
  const parts = [neighbourPhrase(object, scene), furniturePhrase(object, scene)].filter(
    (p): p is string => p !== undefined,
  );
  return parts.length > 0 ? parts.join(' ') : 'on the floor';
}

export function describeObject(object: SceneObject, scene: Scene): string {
  const color = object.colors[0];
  return `the ${color ? `${color} ` : ''}${object.category} ${furniturePhrase(object, scene) ?? locationPhrase(object, scene)}`;
}

export function describeEntity(entity: Entity, scene: Scene): string {
  return entity.kind === 'object'
    ? describeObject(entity.value, scene)
    : `the ${furnitureName(entity.value)}`;
}

/** "The socks are near the toy blocks by the entrance." / "There are 2 cups: one on the table and one by the sofa." */
export function whereIs(objects: readonly SceneObject[], scene: Scene, noun: string): string {
  // "The glasses are", "the scissors are": a noun in -s (not -ss) is plural even for one thing.
  const verb = /[^s]s$/.test(noun) ? 'are' : 'is';
  if (objects.length === 1) return capitalize(`the ${noun} ${verb} ${locationPhrase(objects[0]!, scene)}.`);
  const phrases = objects.map((o) => locationPhrase(o, scene));
  const distinct = [...new Set(phrases)];
  if (distinct.length === 1) return capitalize(`the ${noun} are ${distinct[0]}.`);
  const parts = objects.map((o, i) => `${o.colors[0] ? `a ${o.colors[0]} one` : 'one'} ${phrases[i]}`);
  return `There are ${objects.length} ${noun}: ${joinAlternatives(parts, 'and')}.`;
}

const MAX_OPTIONS = 3;

/** A question that tells the candidates apart by colour and place (naming at most three). */
const ORDINAL_NAMES = ['first', 'second', 'third', 'fourth'];

export function whichQuestion(allCandidates: readonly Entity[], scene: Scene, noun: string): string {
  const candidates = allCandidates.slice(0, MAX_OPTIONS);
  const more = allCandidates.length > MAX_OPTIONS;
  const colors = candidates.map((c) => (c.kind === 'object' ? c.value.colors[0] : undefined));
  const places = candidates.map((c) =>
    c.kind === 'object' ? (furniturePhrase(c.value, scene) ?? locationPhrase(c.value, scene)) : undefined,
  );
  const colorsDiffer = new Set(colors).size === candidates.length;
  const placesDiffer = new Set(places).size === candidates.length;
  const options = candidates.map((c, i) => {
    if (c.kind === 'furniture') return furnitureOption(c.value, candidates, scene);
    const color = colors[i] && (colorsDiffer || !placesDiffer) ? `${colors[i]} ` : '';
    const place = placesDiffer || !colorsDiffer ? ` ${places[i]}` : '';
    return `the ${color}one${place}`;
  });
  // Two brown boots on the floor: what tells them apart is where they are from the speaker.
  if (new Set(options).size < options.length && !more) {
    const viewer = viewerOf(scene);
    const lateral = (e: Entity) => inViewerFrame(e.value.position, viewer)[1];
    const count = candidates.length;
    const fromLeft = [...candidates]
      .sort((a, b) => lateral(b) - lateral(a))
      .map((_, i) =>
        count === 2
          ? `the one on the ${i === 0 ? 'left' : 'right'}`
          : `the ${ORDINAL_NAMES[i] ?? `${i + 1}th`} from the left`,
      );
    return `Which ${noun}: ${joinAlternatives(fromLeft, 'or')}?`;
  }
  return `Which ${noun}: ${joinAlternatives(more ? [...options, 'another one'] : options, 'or')}?`;
}

/** "the low table", or "the table by the sofa" when candidates share a name. */
function furnitureOption(furniture: SceneFurniture, candidates: readonly Entity[], scene: Scene): string {
  const name = furnitureName(furniture);
  if (candidates.filter((c) => c.kind === 'furniture' && furnitureName(c.value) === name).length <= 1)
    return `the ${name}`;
  let nearest: { other: SceneFurniture; distance: number } | undefined;
  for (const other of scene.furniture) {
    if (other.id === furniture.id || furnitureName(other) === name) continue;
    const distance = Math.hypot(
      other.position[0] - furniture.position[0],
      other.position[1] - furniture.position[1],
    );
    if (!nearest || distance < nearest.distance) nearest = { other, distance };
  }
  return nearest ? `the ${name} by the ${furnitureName(nearest.other)}` : `the ${name}`;
}

export function joinAlternatives(parts: readonly string[], conjunction: 'and' | 'or'): string {
  if (parts.length <= 1) return parts[0] ?? '';
  return `${parts.slice(0, -1).join(', ')} ${conjunction} ${parts[parts.length - 1]}`;
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "I have put away 12 of 15 things." */
export function progressReport(scene: Scene): string {
  const total = scene.objects.length;
  const done = scene.objects.filter((o) => o.putAway).length;
  if (total === 0) return 'There is nothing to tidy up.';
  if (done === total) return `I have put away all ${total} ${total === 1 ? 'thing' : 'things'}.`;
  return `I have put away ${done} of ${total} things.`;
}

export function nounFor(categories: readonly string[], plural: boolean): string {
  const noun = categories.length === 1 ? categories[0]! : 'thing';
  return plural ? pluralOf(noun) : noun;
}
