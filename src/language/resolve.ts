/**
 * Resolves a noun phrase against the scene: every candidate gets a score from its category
 * (exact +3, kind +2, mismatch excluded), colours (+2 each, -3 when absent), size, attributes
 * (own or the category's) and relations (+3·s - 1.5 per relation, s in [0, 1], taking the best
 * anchor). Ordinals and superlatives pick among the equally good; plurals take every good
 * candidate. When the best does not beat the second by MARGIN, the result is ambiguous.
 */
import type { NounPhrase } from './instruction.ts';
import { colorMatches } from './lexicon.ts';
import { objectCategoryEntry } from './unknownWords.ts';
import type { Agent, Scene } from './scene.ts';
import { inViewerFrame, relationScore, roomParts, type Entity } from './spatial.ts';

export const MARGIN = 1.0;
/** Candidates within this much of the best count as "equally good" for ordinals and plurals. */
const TIE = 0.5;
const PLURAL_SLACK = 2.0;

export type Resolution =
  | { readonly status: 'resolved'; readonly entities: Entity[] }
  | {
      readonly status: 'ambiguous';
      readonly candidates: Entity[];
      /** What the other things named with it resolved to ("the pencil and the pen"). */
      readonly along?: readonly Entity[];
    }
  | { readonly status: 'none' }
  /** A pronoun with nothing to refer to. */
  | { readonly status: 'unbound' };

export interface ResolveContext {
  readonly scene: Scene;
  /** What "it"/"them" refer to. */
  readonly previous: readonly Entity[];
}

const SIZE_RANK = { small: 0, medium: 1, large: 2 } as const;

export function viewerOf(scene: Scene): Agent {
  return scene.speaker ?? scene.robot ?? { position: [0, 0, 0], yaw: 0 };
}

function entities(scene: Scene, pool: 'objects' | 'furniture' | 'both'): Entity[] {
  const objects: Entity[] =
    pool === 'furniture' ? [] : scene.objects.map((value) => ({ kind: 'object', value }));
  const furniture: Entity[] =
    pool === 'objects' ? [] : scene.furniture.map((value) => ({ kind: 'furniture', value }));
  return [...objects, ...furniture];
}

function headScore(entity: Entity, phrase: NounPhrase): number {
  const head = phrase.head;
  const category = entity.value.category;
  switch (head.kind) {
    case 'category':
    case 'furniture':
      if (head.categories.includes(category)) return 3;
      if (entity.kind === 'furniture' && entity.value.name === head.words) return 3;
      return -Infinity;
    case 'kind':
      return entity.kind === 'object' && objectCategoryEntry(category).kinds.includes(head.kindName)
        ? 2
        : -Infinity;
    case 'generic':
      return 0;
    case 'everything':
      return entity.kind === 'object' ? 0 : -Infinity;
    case 'pronoun':
    case 'person':
      return -Infinity;
  }
}

function attributesOf(entity: Entity): readonly string[] {
  if (entity.kind === 'furniture') return [];
  return [...(entity.value.attributes ?? []), ...objectCategoryEntry(entity.value.category).attributes];
}

export function score(entity: Entity, phrase: NounPhrase, context: ResolveContext): number {
  let total = headScore(entity, phrase);
  if (total === -Infinity) return total;
  if (entity.kind === 'object') {
    for (const color of phrase.colors) total += colorMatches(entity.value.colors, color) ? 2 : -3;
    if (phrase.size && entity.value.size) total += phrase.size === entity.value.size ? 1 : -1.5;
  }
  const attributes = attributesOf(entity);
  for (const attribute of phrase.attributes) total += attributes.includes(attribute) ? 1.5 : -1;
  const viewer = viewerOf(context.scene);
  for (const { relation, anchor, frame } of phrase.relations) {
    const anchors = anchorCandidates(anchor, context);
    let best = 0;
    const frameViewer = frame === 'robot' ? (context.scene.robot ?? viewer) : viewer;
    for (const { entity: a, weight } of anchors)
      best = Math.max(best, weight * relationScore(relation, entity.value, a, frameViewer));
    total += 3 * best - 1.5;
  }
  return total;
}

function anchorCandidates(
  anchor: NounPhrase,
  context: ResolveContext,
): Array<{ entity: Entity; weight: number }> {
  if (anchor.head.kind === 'pronoun') return context.previous.map((entity) => ({ entity, weight: 1 }));
  const scored = [...entities(context.scene, 'both'), ...roomParts(context.scene)]
    .map((entity) => ({ entity, s: score(entity, anchor, context) }))
    .filter((c) => c.s > -Infinity);
  const best = Math.max(...scored.map((c) => c.s));
  // Anchors as good as the best count fully; weaker ones count less.
  return scored.map(({ entity, s }) => ({ entity, weight: Math.max(0, 1 - (best - s) / 3) }));
}

function pickBy(candidates: Entity[], phrase: NounPhrase, scene: Scene): Entity | undefined {
  const viewer = viewerOf(scene);
  const lateral = (e: Entity) => inViewerFrame(e.value.position, viewer)[1];
  const distance = (e: Entity) =>
    Math.hypot(e.value.position[0] - viewer.position[0], e.value.position[1] - viewer.position[1]);
  const size = (e: Entity) => (e.kind === 'object' && e.value.size ? SIZE_RANK[e.value.size] : 1);
  const sorted = [...candidates];
  switch (phrase.superlative) {
    case 'closest':
      return sorted.sort((a, b) => distance(a) - distance(b))[0];
    case 'farthest':
      return sorted.sort((a, b) => distance(b) - distance(a))[0];
    case 'leftmost':
      return sorted.sort((a, b) => lateral(b) - lateral(a))[0];
    case 'rightmost':
      return sorted.sort((a, b) => lateral(a) - lateral(b))[0];
    case 'biggest':
      return sorted.sort((a, b) => size(b) - size(a))[0];
    case 'smallest':
      return sorted.sort((a, b) => size(a) - size(b))[0];
    case undefined:
      break;
  }
  if (phrase.ordinal === undefined) return undefined;
  // Ordinals count from the viewer's left.
  sorted.sort((a, b) => lateral(b) - lateral(a));
  return phrase.ordinal === -1 ? sorted[sorted.length - 1] : sorted[phrase.ordinal - 1];
}

/**
 * `restrictTo` limits the candidates (an answer to "which one?"); there the margin is smaller
 * by default, since the speaker has just been shown the choice.
 */
export function resolvePhrase(
  phrase: NounPhrase,
  context: ResolveContext,
  pool: 'objects' | 'furniture',
  restrictTo?: readonly Entity[],
  margin = restrictTo ? MARGIN / 2 : MARGIN,
): Resolution {
  if (phrase.head.kind === 'pronoun') {
    if (context.previous.length === 0) return { status: 'unbound' };
    return { status: 'resolved', entities: [...context.previous] };
  }
  const candidates = (restrictTo ?? entities(context.scene, pool))
    .map((entity) => ({ entity, s: score(entity, phrase, context) }))
    .filter((c) => c.s > -Infinity)
    .sort((a, b) => b.s - a.s);
  if (candidates.length === 0) return { status: 'none' };
  const best = candidates[0]!.s;
  if (phrase.quantity === 'all') {
    const chosen = candidates.filter((c) => c.s >= best - PLURAL_SLACK && c.s >= 0);
    return chosen.length > 0
      ? { status: 'resolved', entities: chosen.map((c) => c.entity) }
      : { status: 'none' };
  }
  const ties = candidates.filter((c) => c.s >= best - TIE).map((c) => c.entity);
  const picked = pickBy(ties.length > 1 ? ties : candidates.map((c) => c.entity), phrase, context.scene);
  if (picked) return { status: 'resolved', entities: [picked] };
  const second = candidates[1];
  if (!second || best - second.s >= margin) return { status: 'resolved', entities: [candidates[0]!.entity] };
  return {
    status: 'ambiguous',
    candidates: candidates.filter((c) => c.s > best - margin).map((c) => c.entity),
  };
}

/** A phrase with the things named with it ("the mug and the bowl"): all of them, or the first that is not resolved. */
export function resolveWithConjuncts(
  phrase: NounPhrase,
  context: ResolveContext,
  pool: 'objects' | 'furniture',
): Resolution {
  const { and = [], ...head } = phrase;
  if (and.length === 0) return resolvePhrase(head, context, pool);
  // "the remote and the controller": each names something the others did not; the first one
  // not resolved is the answer, carrying what the others resolved to.
  const taken: Entity[] = [];
  let open: Resolution | undefined;
  for (const conjunct of [head, ...and]) {
    const rest = entities(context.scene, pool).filter((e) => !taken.some((t) => t.value.id === e.value.id));
    const resolution = resolvePhrase(conjunct, context, pool, rest, MARGIN);
    if (resolution.status === 'resolved') taken.push(...resolution.entities);
    else open ??= resolution;
  }
  if (!open) return { status: 'resolved', entities: taken };
  return open.status === 'ambiguous' ? { ...open, along: taken } : open;
}
