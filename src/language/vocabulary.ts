/**
 * The phrases the robot understands in a given world: the lexicon plus every category and
 * furniture name the scene brings. A phrase may read as an object category, a kind of object
 * or a piece of furniture; the parser picks a reading from its role in the sentence.
 */
import { FURNITURE_CATEGORIES, KIND_WORDS, OBJECT_CATEGORIES, ROOM_PARTS, pluralOf } from './lexicon.ts';
import { furnitureSynonyms, objectCategoryEntry } from './unknownWords.ts';
import type { Scene } from './scene.ts';

export interface Readings {
  /** Object categories the phrase can name. */
  readonly objects: string[];
  readonly kind?: string;
  /** Furniture categories (or furniture names) the phrase can name. */
  readonly furniture: string[];
}

export interface Vocabulary {
  readonly phrases: ReadonlyMap<string, Readings>;
  /** Longest phrase length in words, for longest-match scanning. */
  readonly maxWords: number;
  readonly objectCategories: readonly string[];
  readonly furnitureCategories: readonly string[];
  /** The furniture categories the scene has (undefined without a scene: any may be there). */
  readonly sceneFurniture?: ReadonlySet<string>;
}

function add(map: Map<string, Readings>, phrase: string, reading: Partial<Readings>): void {
  // "yo-yo" is said "yo yo" and written "yoyo".
  if (phrase.includes('-')) add(map, phrase.replace(/-/g, ''), reading);
  const key = phrase.toLowerCase().replace(/-/g, ' ').trim();
  if (!key) return;
  const existing = map.get(key) ?? { objects: [], furniture: [] };
  map.set(key, {
    objects: [...new Set([...existing.objects, ...(reading.objects ?? [])])],
    furniture: [...new Set([...existing.furniture, ...(reading.furniture ?? [])])],
    ...((reading.kind ?? existing.kind) !== undefined ? { kind: reading.kind ?? existing.kind } : {}),
  });
}

export function buildVocabulary(scene?: Scene): Vocabulary {
  const phrases = new Map<string, Readings>();
  const objectCategories = new Set(Object.keys(OBJECT_CATEGORIES));
  const furnitureCategories = new Set(Object.keys(FURNITURE_CATEGORIES));
  for (const object of scene?.objects ?? []) objectCategories.add(object.category);
  for (const furniture of scene?.furniture ?? []) furnitureCategories.add(furniture.category);
  for (const category of objectCategories) {
    for (const phrase of [category, pluralOf(category), ...objectCategoryEntry(category).synonyms])
      add(phrases, phrase, { objects: [category] });
  }
  for (const [word, kind] of Object.entries(KIND_WORDS)) add(phrases, word, { kind });
  for (const category of furnitureCategories) {
    for (const phrase of [category, pluralOf(category), ...furnitureSynonyms(category)])
      add(phrases, phrase, { furniture: [category] });
  }
  for (const [part, synonyms] of Object.entries(ROOM_PARTS))
    for (const phrase of [part, ...synonyms]) add(phrases, phrase, { furniture: [part] });
  for (const furniture of scene?.furniture ?? [])
    if (furniture.name) add(phrases, furniture.name, { furniture: [furniture.category] });
  let maxWords = 1;
  for (const phrase of phrases.keys()) maxWords = Math.max(maxWords, phrase.split(' ').length);
  return {
    phrases,
    maxWords,
    objectCategories: [...objectCategories],
    furnitureCategories: [...furnitureCategories],
    ...(scene ? { sceneFurniture: new Set(scene.furniture.map((f) => f.category)) } : {}),
  };
}

/** Every word of the vocabulary (for speech recognition grammars). */
export function vocabularyWords(vocabulary: Vocabulary): string[] {
  const words = new Set<string>();
  for (const phrase of vocabulary.phrases.keys()) for (const word of phrase.split(' ')) words.add(word);
  return [...words].sort();
}
