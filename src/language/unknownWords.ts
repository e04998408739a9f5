/**
 * Meanings for words outside the grounding lexicon, from WordNet: a noun reaches the lexicon
 * through its hypernyms ("novel" is a book, "tumbler" a glass, "sweater" clothing); a verb
 * reaches an intent through its own words and hypernyms ("chuck" is throwing: a move; "fetch"
 * is bringing) and may imply where things go through its derived nouns or its definition
 * ("shelve": place on a shelf; "recycle": recycling; "hang": hanger).
 */
import {
  FURNITURE_CATEGORIES,
  KIND_WORDS,
  OBJECT_CATEGORIES,
  pluralOf,
  type CategoryEntry,
} from './lexicon.ts';
import type { Readings, Vocabulary } from './vocabulary.ts';
import { WordNet, type Synset } from './wordnet.ts';

export type VerbIntent = 'move' | 'bring' | 'tidy' | 'find';

export interface VerbMeaning {
  readonly intent: VerbIntent;
  /** A vocabulary phrase naming furniture the verb puts things in or on. */
  readonly destination?: string;
}

/** Verbs whose synsets (or hypernyms) say what an unknown verb asks for. */
const ANCHOR_VERBS: Readonly<Record<string, VerbIntent>> = {
  put: 'move',
  place: 'move',
  lay: 'move',
  move: 'move',
  displace: 'move',
  store: 'move',
  stow: 'move',
  throw: 'move',
  toss: 'move',
  insert: 'move',
  deposit: 'move',
  arrange: 'move',
  bring: 'bring',
  fetch: 'bring',
  convey: 'bring',
  hand: 'bring',
  discard: 'tidy',
  'throw away': 'tidy',
  'get rid of': 'tidy',
  tidy: 'tidy',
  clean: 'tidy',
  find: 'find',
  locate: 'find',
  'look for': 'find',
  search: 'find',
};

/** Verbs too general for WordNet to tell what they ask for here ("take", "keep", "play"). */
const LIGHT_VERBS = new Set(
  'be have do make go get take keep hold play deal set want need like love mind let leave tell see look say think know come try help use turn'.split(
    ' ',
  ),
);

const SENSES = 3;
const HYPERNYM_DEPTH: Record<'n' | 'v', number> = { n: 4, v: 2 };
/** WordNet's artifact.n.01: nouns that name things must descend from it (not food, not people). */
const ARTIFACT_OFFSET = 22119;
/** WordNet's animal.n.01: a toy animal is called by the animal it is ("the rabbit", "the dog"). */
const ANIMAL_OFFSET = 15568;
/** The lexicon's category for toy animals, which an animal's name reads as. */
const TOY_ANIMAL = 'stuffed animal';
const ROOT_DEPTH = 20;

let wordnet: WordNet | undefined;
function database(): WordNet {
  wordnet ??= WordNet.fromPackage();
  return wordnet;
}

const closureCache = new Map<string, Synset[][]>();

/** Per sense (most frequent first), the sense and its hypernyms up to HYPERNYM_DEPTH, nearest first. */
function senseClosures(lemma: string, pos: 'n' | 'v'): Synset[][] {
  const key = `${pos}:${lemma}`;
  const cached = closureCache.get(key);
  if (cached) return cached;
  const db = database();
  const closures = db
    .synsets(lemma, pos)
    .slice(0, SENSES)
    .map((sense) => {
      const closure = [sense];
      let frontier = [sense];
      for (let depth = 0; depth < HYPERNYM_DEPTH[pos]; depth++) {
        frontier = frontier.flatMap((s) => db.related(s, ['@', '@i']));
        closure.push(...frontier);
      }
      return closure;
    });
  closureCache.set(key, closures);
  return closures;
}

function objectReading(readings: Readings | undefined): boolean {
  return readings !== undefined && (readings.objects.length > 0 || readings.kind !== undefined);
}

const descentCache = new Map<string, boolean>();

/** Whether `synset` is `ancestor` or one of its hyponyms, however deep. */
function descendsFrom(synset: Synset, ancestor: number): boolean {
  const key = `${synset.offset}:${ancestor}`;
  const cached = descentCache.get(key);
  if (cached !== undefined) return cached;
  let frontier = [synset];
  let found = false;
  for (let depth = 0; depth < ROOT_DEPTH && frontier.length > 0 && !found; depth++) {
    found = frontier.some((s) => s.offset === ancestor);
    frontier = frontier.flatMap((s) => database().related(s, ['@', '@i']));
  }
  descentCache.set(key, found);
  return found;
}

/**
 * The vocabulary phrase an unknown noun stands for, or undefined: a word of exactly one
 * multi-word category ("tissue" → tissue box), else the nearest hypernym the vocabulary names,
 * else, for an animal ("rabbit", "puppy"), the toy animals: that is what one lies on a floor.
 */
export function nounReading(lemma: string, vocabulary: Vocabulary): string | undefined {
  const containing = vocabulary.objectCategories.filter(
    (category) => category.includes(' ') && category.split(' ').includes(lemma),
  );
  if (containing.length === 1) return containing[0];
  const closures = senseClosures(lemma, 'n');
  for (const closure of closures) {
    if (!descendsFrom(closure[0]!, ARTIFACT_OFFSET)) continue;
    for (const synset of closure) {
      const word = synset.words.find((w) => w !== lemma && objectReading(vocabulary.phrases.get(w)));
      if (word) return word;
    }
  }
  const first = closures[0]?.[0];
  if (first && descendsFrom(first, ANIMAL_OFFSET) && objectReading(vocabulary.phrases.get(TOY_ANIMAL)))
    return TOY_ANIMAL;
  return undefined;
}

function furniturePhraseIn(words: readonly string[], vocabulary: Vocabulary): string | undefined {
  return words.find((w) => (vocabulary.phrases.get(w)?.furniture.length ?? 0) > 0);
}

/** What an unknown verb asks the robot to do, or undefined when WordNet does not tell. */
export function verbMeaning(lemma: string, vocabulary: Vocabulary): VerbMeaning | undefined {
  if (LIGHT_VERBS.has(lemma)) return undefined;
  const db = database();
  let intent: VerbIntent | undefined;
  let destination = furniturePhraseIn([lemma], vocabulary);
  for (const closure of senseClosures(lemma, 'v')) {
    const anchor = closure.flatMap((s) => s.words).find((w) => ANCHOR_VERBS[w] !== undefined);
    intent ??= anchor ? ANCHOR_VERBS[anchor] : undefined;
    const sense = closure[0]!;
    destination ??= furniturePhraseIn(
      [
        ...db.related(sense, ['+']).flatMap((s) => (s.pos === 'n' ? s.words : [])),
        ...(sense.gloss.split(';')[0] ?? '').toLowerCase().split(/[^a-z]+/),
      ],
      vocabulary,
    );
  }
  if (destination)
    return { intent: intent === 'bring' || intent === undefined ? 'move' : intent, destination };
  return intent ? { intent } : undefined;
}

/** A category name's lemma in WordNet: itself, its singular, or its last word ("toy dinosaur"). */
function categoryLemmas(category: string): string[] {
  const last = category.split(' ').at(-1)!;
  return [...new Set([category, category.replace(/s$/, ''), last, last.replace(/s$/, '')])];
}

/** The senses (each with its hypernyms) of the first of a category's lemmas WordNet knows. */
function categoryClosures(category: string): Synset[][] {
  for (const lemma of categoryLemmas(category)) {
    const closures = senseClosures(lemma, 'n');
    if (closures.length > 0) return closures;
  }
  return [];
}

function firstSense(category: string): Synset[] {
  return categoryClosures(category)[0] ?? [];
}

const derivedObjects = new Map<string, CategoryEntry>();

/**
 * What the lexicon says of an object category, or for one it lacks (a scene's "toy dinosaur",
 * "laptop"): its WordNet synonyms and last word as synonyms ("dinosaur", "laptop computer"),
 * and the kinds its name or its hypernyms name ("toy" → toys, "clothing" → clothes).
 */
export function objectCategoryEntry(category: string): CategoryEntry {
  const known = OBJECT_CATEGORIES[category];
  if (known) return known;
  const cached = derivedObjects.get(category);
  if (cached) return cached;
  // A scene's name for what the lexicon files under another ("bottle" for its plastic bottle,
  // "sneaker" for its shoe): everything that names that category names this one too.
  const alias = Object.entries(OBJECT_CATEGORIES).find(([, entry]) =>
    entry.synonyms.some((s) => s === category || s === pluralOf(category)),
  );
  if (alias) {
    const [name, entry] = alias;
    const aliased = {
      ...entry,
      synonyms: [name, pluralOf(name), ...entry.synonyms].filter((w) => w !== category),
    };
    derivedObjects.set(category, aliased);
    return aliased;
  }
  const closure = firstSense(category);
  const last = category.split(' ').at(-1)!;
  const synonyms = [
    ...new Set([...(closure[0]?.words ?? []), ...(category.includes(' ') ? [last] : [])]),
  ].filter((w) => w !== category);
  const kinds = [
    ...new Set(
      [...category.split(' '), ...closure.flatMap((s) => s.words)]
        .map((w) => KIND_WORDS[w])
        .filter((k): k is string => k !== undefined),
    ),
  ];
  const entry = { synonyms, kinds, attributes: [] };
  derivedObjects.set(category, entry);
  return entry;
}

const FURNITURE_WORDS = new Set(
  Object.entries(FURNITURE_CATEGORIES).flatMap(([name, synonyms]) => [name, ...synonyms]),
);

/**
 * Synonyms for a furniture category the lexicon lacks: its WordNet synonyms ("nightstand":
 * bedside table), the nearest hypernym the lexicon names ("armchair": chair) and its last word
 * ("storage bin": bin).
 */
export function furnitureSynonyms(category: string): readonly string[] {
  const known = FURNITURE_CATEGORIES[category];
  if (known) return known;
  const closure = firstSense(category);
  const hypernym = closure
    .slice(1)
    .flatMap((s) => s.words)
    .find((w) => FURNITURE_WORDS.has(w));
  const last = category.split(' ').at(-1)!;
  return [
    ...new Set([
      ...(closure[0]?.words ?? []),
      ...(hypernym ? [hypernym] : []),
      ...(category.includes(' ') ? [last] : []),
    ]),
  ].filter((w) => w !== category);
}

/**
 * Object categories of the vocabulary a word is a more general name for: "computer" for a
 * laptop, "coat" for a jacket (the word is among the category's hypernyms).
 */
export function categoriesUnder(lemma: string, vocabulary: Vocabulary): string[] {
  return vocabulary.objectCategories.filter(
    (category) =>
      !OBJECT_CATEGORIES[category] &&
      artifactSenses(category).some((closure) => closure.some((s) => s.words.includes(lemma))),
  );
}

/**
 * A category name's senses that are things (artifacts), each with its hypernyms: a hammer is
 * first the part of a gun that strikes, then the hand tool.
 */
function artifactSenses(category: string): Synset[][] {
  return categoryClosures(category).filter((closure) => descendsFrom(closure[0]!, ARTIFACT_OFFSET));
}

/** Whether WordNet knows the word as a noun (then it is no clipping of a longer one). */
export function isWordNetNoun(lemma: string): boolean {
  return database().synsets(lemma, 'n').length > 0;
}
