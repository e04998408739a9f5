/**
 * English instruction parsing for the tidy-up domain, tolerant of how people speak: fillers,
 * dropped articles, elliptical commands ("socks → basket"), texting spellings. Finds the intent
 * from cue phrases and the noun phrases (head, colour, size, attributes, ordinals, superlatives,
 * quantity) with the prepositions between them; roles follow from the intent: for `move`, the
 * first phrase is the target, the destination is the first later phrase introduced by a
 * placement preposition (into/in/onto/to, else the first preposition), and phrases in between
 * or after attach as relations to the phrase before them.
 */
import {
  ATTRIBUTE_WORDS,
  COLOR_WORDS,
  ORDINAL_WORDS,
  RELATION_PHRASES,
  ROOM_PARTS,
  SIZE_WORDS,
  pluralOf,
  SUPERLATIVE_WORDS,
  type RelationName,
} from './lexicon.ts';
import {
  everythingOn,
  nounPhrase,
  type Head,
  type Intent,
  type NounPhrase,
  type ParsedInstruction,
  type Relation,
} from './instruction.ts';
import type { Readings, Vocabulary } from './vocabulary.ts';
import {
  dropLocatingClauses,
  dropNegations,
  dropSelfCorrections,
  placeFromEllipsis,
  resolveDislocations,
  type HeadAt,
} from './englishDiscourse.ts';
import { tagEnglish, type TaggedToken } from './englishTagger.ts';
import {
  categoriesUnder,
  isWordNetNoun,
  nounReading,
  verbMeaning,
  type VerbMeaning,
} from './unknownWords.ts';

export const MAX_INSTRUCTION_CHARS = 400;

const CONTRACTIONS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bwhere's\b/g, 'where is'],
  [/\bwhat's\b/g, 'what is'],
  [/\bhow's\b/g, 'how is'],
  [/\bit's\b/g, 'it is'],
  [/\bthat's\b/g, 'that is'],
  [/\blet's\b/g, 'let us'],
  [/\bdon't\b/g, 'do not'],
  [/\bcan't\b/g, 'can not'],
  [/\bwon't\b/g, 'will not'],
  [/\bi'm\b/g, 'i am'],
  [/\b(\w+)'ve\b/g, '$1 have'],
  [/\b(\w+)'ll\b/g, '$1 will'],
  [/\b(\w+)'d\b/g, '$1 would'],
  [/\b(\w+)'s\b/g, '$1'],
];

const SPELLINGS: Readonly<Record<string, string>> = {
  u: 'you',
  ur: 'your',
  da: 'the',
  teh: 'the',
  pls: 'please',
  plz: 'please',
  thx: 'thanks',
  wanna: 'want to',
  gonna: 'going to',
  gimme: 'give me',
  lemme: 'let me',
  '2': 'to',
};

const FILLERS = new Set([
  'uh',
  'um',
  'erm',
  'er',
  'hmm',
  'please',
  'hey',
  'okay',
  'ok',
  'robot',
  'kindly',
  'just',
  'quickly',
  'now',
  'thanks',
  'thank',
  'so',
  'well',
  'oh',
  'yeah',
  'yo',
]);
const DETERMINERS = new Set([
  'the',
  'a',
  'an',
  'some',
  'any',
  'my',
  'our',
  'your',
  'his',
  'her',
  'their',
  'its',
  'this',
  'that',
  'these',
  'those',
  'of',
]);
const GENERIC_HEADS = new Set([
  'thing',
  'things',
  'stuff',
  'one',
  'ones',
  'item',
  'items',
  'object',
  'objects',
]);
const PRONOUNS = new Set(['it', 'them', 'that', 'this', 'those', 'these', 'they']);
const PERSON_WORDS = new Set([
  'me',
  'us',
  'mom',
  'mum',
  'dad',
  'daddy',
  'mommy',
  'grandma',
  'grandpa',
  'him',
  'her',
]);
const EVERYTHING_PHRASES = [
  'everything',
  'all of it',
  'all of this',
  'all this',
  'the mess',
  'this mess',
  'the room',
  'this room',
  'the living room',
  'the floor',
  'the house',
  'everything else',
  'all the things',
  'the bedroom',
  'the hallway',
  'the hall',
  'the kitchen',
  'the playroom',
  'the den',
  'the study',
  'the lounge',
  'the nursery',
  'the entryway',
  'this place',
  'in here',
];
const QUANTIFIERS = new Set(['all', 'every', 'each', 'both', 'everything']);

const UNSAFE =
  /\b(throw\s+\w+(\s+\w+){0,3}\s+at|hit|hurt|kill|punch|kick|break|smash|burn|fire|knife|knives|stab|poison|attack|stove|oven|gas|electrocute|flush|drown|cut)\b/;
const OUT_OF_DOMAIN =
  /\b(weather|cook|dinner|lunch|breakfast|recipe|song|music|joke|news|homework|drive|order|buy|call|email|text message|alarm|timer|temperature|open the door|wash the dishes|vacuum|mop)\b/;
const STOP =
  /^(stop|halt|freeze|wait|hold on|hang on|pause|cancel|stop it|stop that|stop stop|enough|that is enough|never mind)\b/;
const RESUME =
  /\b(resume|continue|carry on|keep going|go on|start again|go ahead|you can continue|back to work)\b/;
const FIND =
  /\b(where|find|look for|have you seen|did you see|seen my|locate|search for)\b|^ ?(is|are) (the|my|our|your) /;
const BRING = /\b(bring|fetch|get me|give me|hand me|pass me|can i have|i need my|i want my|grab)\b/;
const SET_RULE =
  /\b((go|goes) (in|into|on|onto|to|under)|belongs? (in|on|to)|should go|should be (kept|put) (in|on)|always (put|keep)|from now on|lives? (in|on)|keep (all )?(the )?\w+ (in|on))\b/;
const PRIORITIZE = /\b(first|start with|begin with|before anything|priority|prioritize|most important)\b/;
const TIDY_VERBS =
  /\bget\b.*\b(off|up)\b|\b(tidy|tidying|clean|cleaning|clear|pick up|picking up|putting away|put away|put back|put them away|put it away|sort out|organize|organise|straighten|declutter|get rid of|throw away|throw out)\b/;
const MOVE_VERBS =
  /\b(put|putting|place|placing|move|moving|take|bring|carry|drop|set|stick|shove|pop|leave|stack|store|return|stash|toss|throw|hang)\b/;
const PROGRESS =
  /\b(how (is it|are you) going|how many (are |things |items )?(left|done)|how far|progress|are you done|status)\b/;

/** Lower-case words, with ',' for each pause (comma, dash, colon, full stop, …). */
export function englishTokens(text: string): string[] {
  let s = text
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/→|->|=>/g, ' into ')
    .replace(/&/g, ' and ');
  for (const [pattern, replacement] of CONTRACTIONS) s = s.replace(pattern, replacement);
  // "put it back where it belongs" is putting it away, not asking where it is.
  s = s.replace(
    /\b(back )?(to )?where (it|they|each one|everything|things|stuff|each) (belongs?|goes|go|lives?|should (go|be))\b/g,
    'away',
  );
  s = s
    .replace(/[,;:.!?—–]+|\s-+\s/g, ' , ')
    .replace(/[^a-z0-9',\s-]/g, ' ')
    .replace(/'/g, ' ')
    .replace(/-/g, ' ');
  const tokens = s
    .split(/\s+/)
    .filter(Boolean)
    .flatMap((word) => (SPELLINGS[word] ?? word).split(' '));
  while (tokens[0] === ',') tokens.shift();
  while (tokens.at(-1) === ',') tokens.pop();
  return tokens;
}

export function normalizeEnglish(text: string): string[] {
  return englishTokens(text).filter((t) => t !== ',');
}

interface Mention {
  readonly start: number;
  readonly end: number;
  readonly words: string;
  readonly objects: readonly string[];
  readonly furniture: readonly string[];
  readonly kind?: string;
  readonly special?: 'generic' | 'pronoun' | 'everything' | 'person';
  readonly plural: boolean;
  readonly modifiers: Modifiers;
  readonly preposition?: { relation: RelationName; words: string; frame: 'speaker' | 'robot' };
  /** Joined to the mention before it by "and" ("the mug and the bowl"). */
  readonly conjoined: boolean;
}

interface Modifiers {
  /** Introduced by an article, demonstrative or possessive ("the socks", not "socks"). */
  determined: boolean;
  colors: string[];
  attributes: string[];
  size?: 'small' | 'medium' | 'large';
  ordinal?: number;
  superlative?: NounPhrase['superlative'];
  quantity: 'one' | 'all';
}

function isLeadingVerb(
  tokens: readonly string[],
  at: number,
  tags: readonly TaggedToken[] | undefined,
): boolean {
  const next = tags?.[at + 1];
  return (
    tags?.[at]?.pos === 'verb' &&
    tags.slice(0, at).every((t) => t.pos !== 'verb') &&
    (next?.pos === 'determiner' || ['away', 'up', 'out', 'off'].includes(tokens[at + 1] ?? ''))
  );
}

/** Length of the longest vocabulary phrase (or generic head) starting at a token, or 0. */
function headLength(tokens: readonly string[], at: number, vocabulary: Vocabulary): number {
  for (let length = Math.min(vocabulary.maxWords, tokens.length - at); length >= 1; length--)
    if (vocabulary.phrases.has(tokens.slice(at, at + length).join(' '))) return length;
  return GENERIC_HEADS.has(tokens[at] ?? '') ? 1 : 0;
}

/**
 * A noun outside the vocabulary: what WordNet says it is ("novel" → book), or, when colours,
 * a size or attributes describe it ("the pink bunny"), a thing to find by those.
 */
function unknownNoun(
  tokens: readonly string[],
  at: number,
  from: number,
  tags: readonly TaggedToken[] | undefined,
  vocabulary: Vocabulary,
): { readings?: Readings; special?: 'generic' } | undefined {
  const tag = tags?.[at];
  const word = tokens[at]!;
  // "bottles": a plural the vocabulary lists only in the singular (whatever the tagger says).
  const singular = [word.replace(/es$/, ''), word.replace(/s$/, '')].find(
    (w) => w !== word && vocabulary.phrases.has(w),
  );
  if (singular) return { readings: vocabulary.phrases.get(singular)! };
  if (!tag || tag.pos !== 'noun' || PERSON_WORDS.has(word) || PRONOUNS.has(word)) return undefined;
  if (isModifierOrNoun(word, vocabulary) || /^\d/.test(word)) return undefined;
  // "the computer" for the room's laptop, "the coat" for its jacket (before "coat" is clothing).
  const under = categoriesUnder(tag.lemma, vocabulary);
  if (under.length > 0) return { readings: { objects: under, furniture: [] } };
  const reading = vocabulary.phrases.has(tag.lemma) ? tag.lemma : nounReading(tag.lemma, vocabulary);
  if (reading) return { readings: vocabulary.phrases.get(reading)! };
  // "dino" for the room's dinosaur.
  const clipped = clippingOf(tag.lemma, vocabulary);
  if (clipped) return { readings: vocabulary.phrases.get(clipped)! };
  const modifiers = collectModifiers(tokens, from, at);
  const described = modifiers.colors.length + modifiers.attributes.length > 0 || modifiers.size !== undefined;
  return described && tags?.[at + 1]?.pos !== 'noun' ? { special: 'generic' } : undefined;
}

/** The one vocabulary word a clipped word begins ("dino" → dinosaur), at least 4 letters. */
function clippingOf(word: string, vocabulary: Vocabulary): string | undefined {
  if (word.length < 4 || isWordNetNoun(word)) return undefined;
  const words = [...vocabulary.phrases.keys()].filter(
    (p) => !p.includes(' ') && p.startsWith(word) && p !== word,
  );
  const readings = new Set(words.map((w) => JSON.stringify(vocabulary.phrases.get(w))));
  return readings.size === 1 ? words[0] : undefined;
}

function findMentions(
  tokens: readonly string[],
  vocabulary: Vocabulary,
  tags?: readonly TaggedToken[],
): Mention[] {
  const mentions: Mention[] = [];
  let i = 0;
  let boundary = 0;
  while (i < tokens.length) {
    // The instruction's verb is no thing, even where the vocabulary has the word ("trash that").
    if (mentions.length === 0 && isLeadingVerb(tokens, i, tags)) {
      i++;
      boundary = i;
      continue;
    }
    let matched: { length: number; words: string } | undefined;
    for (let length = Math.min(vocabulary.maxWords, tokens.length - i); length >= 1 && !matched; length--) {
      const words = tokens.slice(i, i + length).join(' ');
      // "tool box" for the room's toolbox, "work bench" for its workbench.
      const closed = length === 2 ? tokens[i]! + tokens[i + 1]! : undefined;
      if (vocabulary.phrases.has(words)) matched = { length, words };
      else if (closed && vocabulary.phrases.has(closed)) matched = { length, words: closed };
    }
    let special: Mention['special'];
    let unknownReadings: Readings | undefined;
    if (!matched) {
      // "the living room" is everything, unless it starts a longer name ("the living room table").
      // "on the floor" locates a thing; "tidy the floor" is everything.
      const located = i > 0 && RELATION_PHRASES.some(([phrase]) => phrase === tokens[i - 1]);
      // Any room by its name ("the laundry room", "this utility room") is the whole room too.
      const room = /^(the|this)$/.test(tokens[i]!) && tokens[i + 2] === 'room' ? tokens.slice(i, i + 3) : [];
      const everything = [...EVERYTHING_PHRASES.map((p) => p.split(' ')), room].find(
        (p) =>
          p.length > 0 &&
          p.every((w, k) => tokens[i + k] === w) &&
          !startsLongerPhrase(tokens, i, p.length, vocabulary) &&
          !(located && vocabulary.phrases.has(p.slice(1).join(' '))),
      );
      const word = tokens[i]!;
      const next = tokens[i + 1];
      if (everything) {
        matched = { length: everything.length, words: everything.join(' ') };
        special = 'everything';
      } else if (GENERIC_HEADS.has(word)) {
        matched = { length: 1, words: word };
        special = 'generic';
      } else if (PERSON_WORDS.has(word)) {
        matched = { length: 1, words: word };
        special = 'person';
      } else if (PRONOUNS.has(word) && (next === undefined || !isModifierOrNoun(next, vocabulary))) {
        matched = { length: 1, words: word };
        special = 'pronoun';
      } else {
        const unknown = unknownNoun(tokens, i, boundary, tags, vocabulary);
        if (unknown) {
          matched = { length: 1, words: word };
          special = unknown.special;
          unknownReadings = unknown.readings;
        }
      }
    }
    if (!matched) {
      i++;
      continue;
    }
    const readings = unknownReadings ?? vocabulary.phrases.get(matched.words);
    const modifiers = collectModifiers(tokens, boundary, i);
    // Post-head modifiers: "with holes", "that is red", "which is big".
    let end = i + matched.length;
    for (;;) {
      const a = tokens[end];
      const b = tokens[end + 1];
      const c = tokens[end + 2];
      if (a && COLOR_WORDS[a] && !(b && isModifierOrNoun(b, vocabulary))) {
        // "cup red": a colour after its noun (non-native word order).
        modifiers.colors.push(COLOR_WORDS[a]!);
        end += 1;
      } else if (a === 'with' && b && ATTRIBUTE_WORDS[b]) {
        modifiers.attributes.push(ATTRIBUTE_WORDS[b]!);
        end += 2;
      } else if (
        (a === 'that' || a === 'which') &&
        b === 'is' &&
        c &&
        (COLOR_WORDS[c] || SIZE_WORDS[c] || ATTRIBUTE_WORDS[c])
      ) {
        if (COLOR_WORDS[c]) modifiers.colors.push(COLOR_WORDS[c]!);
        else if (SIZE_WORDS[c]) modifiers.size = SIZE_WORDS[c];
        else modifiers.attributes.push(ATTRIBUTE_WORDS[c]!);
        end += 3;
      } else if (
        (a === 'on' || a === 'to' || a === 'at') &&
        (b === 'the' ? c : b) &&
        ['left', 'right'].includes((b === 'the' ? c : b)!) &&
        tokens[end + (b === 'the' ? 3 : 2)] !== 'of'
      ) {
        modifiers.superlative = (b === 'the' ? c : b) === 'left' ? 'leftmost' : 'rightmost';
        end += b === 'the' ? 3 : 2;
      } else break;
    }
    // "at the side of the sofa": the "of" that ends a preposition is no determiner of its noun.
    let modifierStart = modifiers.firstModifier ?? i;
    while (tokens[modifierStart] === 'of' && modifierStart < i) modifierStart++;
    const preposition = findPreposition(tokens, boundary, modifierStart);
    // Only "and" with determiners and modifiers between ("and the blue"): not "and put it".
    const start = modifiers.firstModifier ?? i;
    const conjoined =
      !preposition && mentions.length > 0 && start === boundary && tokens.slice(start, i).includes('and');
    // "the pyjamas", "the scissors": a category whose name is plural names one thing (but
    // "toy blockses" is said of several).
    const pluraleTantum = (readings?.objects ?? []).some(
      (c) => c.endsWith('s') && pluralOf(c) !== matched!.words,
    );
    const plural =
      special === 'everything' ||
      matched.words === 'stuff' ||
      (matched.words.endsWith('s') && !pluraleTantum);
    mentions.push({
      start: i,
      end,
      words: matched.words,
      objects: readings?.objects ?? [],
      furniture: readings?.furniture ?? [],
      ...(readings?.kind ? { kind: readings.kind } : {}),
      ...(special ? { special } : {}),
      plural: special === 'pronoun' ? ['them', 'those', 'these', 'they'].includes(matched.words) : plural,
      modifiers: {
        ...modifiers,
        quantity: modifiers.quantity === 'all' || special === 'everything' ? 'all' : 'one',
      },
      ...(preposition ? { preposition } : {}),
      conjoined,
    });
    i = end;
    boundary = end;
  }
  return mentions;
}

function startsLongerPhrase(
  tokens: readonly string[],
  start: number,
  length: number,
  vocabulary: Vocabulary,
): boolean {
  for (let from = start; from < start + length; from++) {
    for (let end = start + length + 1; end <= Math.min(tokens.length, from + vocabulary.maxWords); end++) {
      if (vocabulary.phrases.has(tokens.slice(from, end).join(' '))) return true;
    }
  }
  return false;
}

function isModifierOrNoun(word: string, vocabulary: Vocabulary): boolean {
  return Boolean(
    COLOR_WORDS[word] ||
    SIZE_WORDS[word] ||
    ATTRIBUTE_WORDS[word] ||
    GENERIC_HEADS.has(word) ||
    vocabulary.phrases.has(word) ||
    SUPERLATIVE_WORDS[word] ||
    ORDINAL_WORDS[word],
  );
}

function collectModifiers(
  tokens: readonly string[],
  from: number,
  headStart: number,
): Modifiers & { firstModifier?: number } {
  const modifiers: Modifiers & { firstModifier?: number } = {
    determined: false,
    colors: [],
    attributes: [],
    quantity: 'one',
  };
  let k = headStart - 1;
  while (k >= from) {
    const word = tokens[k]!;
    if (COLOR_WORDS[word]) modifiers.colors.push(COLOR_WORDS[word]!);
    else if (SIZE_WORDS[word]) modifiers.size = SIZE_WORDS[word];
    else if (ATTRIBUTE_WORDS[word]) modifiers.attributes.push(ATTRIBUTE_WORDS[word]!);
    else if (ORDINAL_WORDS[word] !== undefined) modifiers.ordinal = ORDINAL_WORDS[word];
    else if (SUPERLATIVE_WORDS[word]) modifiers.superlative = SUPERLATIVE_WORDS[word];
    else if (QUANTIFIERS.has(word)) modifiers.quantity = 'all';
    else if (word === 'left' || word === 'right')
      modifiers.superlative = word === 'left' ? 'leftmost' : 'rightmost';
    else if (DETERMINERS.has(word)) modifiers.determined ||= word !== 'of' && word !== 'some';
    else if (word !== 'and' && word !== 'other') break;
    modifiers.firstModifier = k;
    k--;
  }
  return modifiers;
}

function findPreposition(tokens: readonly string[], from: number, before: number): Mention['preposition'] {
  const window = tokens.slice(from, before);
  let frame: 'speaker' | 'robot' = 'speaker';
  const text = ` ${window.join(' ')} `;
  if (/ your (left|right)/.test(text)) frame = 'robot';
  for (const [phrase, relation] of RELATION_PHRASES) {
    const words = phrase.split(' ');
    // The preposition must end the window (only determiners/possessives may follow it).
    for (let end = window.length; end >= words.length; end--) {
      const tail = window.slice(end);
      if (
        !tail.every(
          (w) => DETERMINERS.has(w) || w === 'back' || w === 'away' || w === 'left' || w === 'right',
        )
      )
        break;
      if (words.every((w, k) => window[end - words.length + k] === w))
        return { relation, words: phrase, frame };
    }
  }
  if (/ (on|to) (the |my |your )?left /.test(text)) return { relation: 'left_of', words: 'left', frame };
  if (/ (on|to) (the |my |your )?right /.test(text)) return { relation: 'right_of', words: 'right', frame };
  return undefined;
}

function headOf(mention: Mention, role: 'object' | 'place' | 'landmark'): Head {
  const words = mention.words;
  switch (mention.special) {
    case 'generic':
      return { kind: 'generic', words };
    case 'pronoun':
      return { kind: 'pronoun', words };
    case 'everything':
      return { kind: 'everything', words };
    case 'person':
      return { kind: 'person', words };
    case undefined:
      break;
  }
  if (role === 'place' && mention.furniture.length > 0)
    return { kind: 'furniture', categories: mention.furniture, words };
  if (role === 'landmark')
    return { kind: 'category', categories: [...mention.objects, ...mention.furniture], words };
  if (mention.kind && mention.objects.length === 0) return { kind: 'kind', kindName: mention.kind, words };
  if (mention.objects.length > 0) return { kind: 'category', categories: mention.objects, words };
  if (mention.kind) return { kind: 'kind', kindName: mention.kind, words };
  return { kind: 'furniture', categories: mention.furniture, words };
}

function phraseOf(
  mention: Mention,
  role: 'object' | 'place' | 'landmark',
  relations: Relation[],
): NounPhrase {
  const { colors, attributes, size, ordinal, superlative } = mention.modifiers;
  const quantity =
    mention.modifiers.quantity === 'all' ||
    (mention.plural && ordinal === undefined && superlative === undefined)
      ? 'all'
      : 'one';
  return nounPhrase(headOf(mention, role), {
    colors,
    attributes,
    ...(size ? { size } : {}),
    ...(ordinal !== undefined ? { ordinal } : {}),
    ...(superlative ? { superlative } : {}),
    quantity,
    relations,
  });
}

/** Builds right-branching relations: mentions[k] relates to mentions[k+1] through its preposition. */
/** "the mug on the table and the bowl": each conjoined group chained on its own, joined by `and`. */
function chain(mentions: readonly Mention[], role: 'object' | 'place'): NounPhrase | undefined {
  const groups: Mention[][] = [];
  for (const mention of mentions)
    if (mention.conjoined && groups.length > 0 && role === 'object') groups.push([mention]);
    else if (groups.length === 0) groups.push([mention]);
    else groups.at(-1)!.push(mention);
  const [first, ...others] = groups.map((group) => chainGroup(group, role));
  if (!first || others.length === 0) return first;
  return { ...first, and: others.filter((p): p is NounPhrase => p !== undefined) };
}

function chainGroup(mentions: readonly Mention[], role: 'object' | 'place'): NounPhrase | undefined {
  if (mentions.length === 0) return undefined;
  let tail: NounPhrase | undefined;
  // "the one on the floor near the tv stand": what follows a part of the room locates the thing,
  // not the floor, so its relation is lifted to the phrase before.
  let lifted: Relation[] = [];
  for (let k = mentions.length - 1; k >= 0; k--) {
    const mention = mentions[k]!;
    const next = mentions[k + 1];
    const relations: Relation[] =
      next && tail && next.preposition
        ? [{ relation: next.preposition.relation, anchor: tail, frame: next.preposition.frame }, ...lifted]
        : lifted;
    const roomPart = k > 0 && mention.furniture.some((f) => ROOM_PARTS[f] !== undefined);
    lifted = roomPart ? relations : [];
    tail = phraseOf(mention, k === 0 ? role : 'landmark', roomPart ? [] : relations);
  }
  return tail;
}

const STRONG_PLACEMENT = new Set(['in', 'into', 'inside', 'inside of', 'onto', 'to', 'on top of']);

function findLastIndex<T>(list: readonly T[], predicate: (item: T) => boolean): number {
  for (let k = list.length - 1; k >= 0; k--) if (predicate(list[k]!)) return k;
  return -1;
}

/** Prepositions that can only bring something somewhere ("bring the cup to the table"). */
const BRING_PLACEMENT = new Set(['to', 'into', 'onto']);

/**
 * Which prepositions may introduce where things go: any (a placement preposition, else the last
 * "on"/"under" phrase, else any with furniture), strong ones only ("into", "onto": after a
 * verb that puts things away or says where itself), or what brings things ("to").
 */
type Placement = 'any' | 'strong' | 'bring';

function splitTargetAndDestination(
  mentions: readonly Mention[],
  placement: Placement = 'any',
): {
  target?: NounPhrase;
  destination?: NounPhrase;
} {
  const objectMentions = mentions.filter((m) => m.special !== 'person');
  if (objectMentions.length === 0) return {};
  const [first, ...rest] = objectMentions;
  // Parts of the room locate things; they are never where things go.
  const isRoomPart = (m: Mention) => m.furniture.every((f) => ROOM_PARTS[f] !== undefined);
  const places = (m: Mention) => (m.furniture.length > 0 && !isRoomPart(m)) || m.special === 'pronoun';
  // A strong placement ("into the box") wins; else the last "on"/"under" phrase ("the cup on the table
  // on the shelf" goes on the shelf); "by"/"near" phrases attach to the phrase before them. What
  // is brought goes only where "to" says: "the umbrella by the door" is where it is now.
  let destinationIndex = rest.findIndex(
    (m) =>
      m.preposition &&
      (placement === 'bring' ? BRING_PLACEMENT : STRONG_PLACEMENT).has(m.preposition.words) &&
      places(m),
  );
  // "…belongs in the bag": a thing said last after "in"/"into" is where it should go, though
  // no furniture (grounding then says it cannot put things there, rather than using "on the
  // cabinet" before it).
  const last = rest.at(-1);
  if (
    destinationIndex < 0 &&
    placement === 'any' &&
    last?.preposition &&
    ['in', 'into', 'inside', 'inside of'].includes(last.preposition.words) &&
    last.objects.length > 0 &&
    !last.special
  )
    destinationIndex = rest.length - 1;
  if (destinationIndex < 0 && placement === 'any')
    destinationIndex = findLastIndex(
      rest,
      (m) =>
        m.preposition !== undefined &&
        places(m) &&
        m.special !== 'pronoun' &&
        m.preposition.relation !== 'near',
    );
  if (destinationIndex < 0 && placement === 'any')
    destinationIndex = rest.findIndex((m) => m.preposition && places(m) && m.special !== 'pronoun');
  // "the ball by the toy box goes inside it": "it" is the furniture just named.
  const pronounAt = destinationIndex >= 0 ? destinationIndex : rest.length - 1;
  const pronoun = rest[pronounAt];
  if (pronoun?.special === 'pronoun' && pronoun.preposition && pronoun.preposition.relation !== 'near') {
    const named = findLastIndex(rest.slice(0, pronounAt), (m) => m.furniture.length > 0 && !isRoomPart(m));
    const target = chain([first!, ...rest.slice(0, pronounAt)], 'object');
    const destination =
      named >= 0 ? chain([{ ...rest[named]!, preposition: pronoun.preposition }], 'place') : undefined;
    if (target && destination) return { target, destination };
  }
  if (destinationIndex < 0) return { target: chain([first!, ...rest], 'object') };
  // "put the remote on the tv stand and the controller too": things joined on after the place.
  const after = rest.slice(destinationIndex);
  const joinedAfter = after.filter((m, k) => k > 0 && m.conjoined && !places(m));
  const target = chain([first!, ...rest.slice(0, destinationIndex), ...joinedAfter], 'object');
  const destination = chain(
    after.filter((m) => !joinedAfter.includes(m)),
    'place',
  );
  return { ...(target ? { target } : {}), ...(destination ? { destination } : {}) };
}

/** Cues that an instruction sets a standing rule rather than moving the things it names. */
const RULE_CUES =
  /\b(from now on|always|from today|in future|in the future|every time|whenever|usually|normally|keep (all )?(the )?\w+ (in|on))\b/;

const QUESTION_SUBJECTS = new Set(['the', 'my', 'these', 'those', 'this', 'that', 'it', 'they', 'all']);

/** Ways of asking that wrap the request: "would it be possible to put…" is "put…". */
const POLITE_FRAMES =
  /^(?:(?:i think|i guess|maybe|perhaps|so|well) )?(?:(?:would|will|could|can) it be (?:possible|ok|okay|alright) (?:for you )?to|is it (?:possible|ok|okay) (?:for you )?to|(?:i would like|i want|i need) you to|do you think you (?:could|can)|(?:would|could) you be (?:so kind as|able) to|would you mind|it would be (?:great|nice|good) if you (?:could|would)|(?:can|could) i (?:ask|get) you to|(?:please )?go and)\b/;

/** Words that ask for nothing, dropped before parsing; `modal` ones only next to "you"/"i". */
function dropFillers(tokens: readonly string[], vocabulary: Vocabulary): string[] {
  const modal = (k: number) => ['can', 'could', 'would', 'will'].includes(tokens[k] ?? '');
  // A filler that ends a phrase the world knows stays: "robot" addresses the robot, but is part
  // of "toy robot" ("hey robot, toy blocks in the box" still addresses it).
  const inPhrase = (k: number) =>
    (k > 0 && vocabulary.phrases.has(`${tokens[k - 1]} ${tokens[k]}`)) ||
    vocabulary.phrases.has(`${tokens[k]} ${tokens[k + 1]}`) ||
    // "the robot" is a thing; "robot, …" and "hey robot" address the robot.
    (k > 0 && DETERMINERS.has(tokens[k - 1]!) && tokens[k - 1] !== 'of');
  // "can the socks go…", "can it go…": a question's modal, not the soda can.
  const asking = (k: number) =>
    modal(k) && (k === 0 || tokens[k - 1] === ',') && QUESTION_SUBJECTS.has(tokens[k + 1] ?? '');
  // Drop "can you"/"could you", but keep "can" the object ("the soda can").
  return tokens.filter(
    (t, k) =>
      (!FILLERS.has(t) || inPhrase(k)) &&
      !asking(k) &&
      !(modal(k) && ['you', 'u', 'i', 'we'].includes(tokens[k + 1] ?? '')) &&
      !(modal(k) && ['you', 'u', 'i', 'we'].includes(tokens[k - 1] ?? '')) &&
      !(t === 'you' && (modal(k - 1) || modal(k + 1))),
  );
}

/** A plural naming a category with nothing to narrow it ("the socks", not "the red socks"). */
function isWholeCategory(mention: Mention, pluralVerb: boolean): boolean {
  const { colors, attributes, size, ordinal, superlative } = mention.modifiers;
  return (
    (mention.plural || pluralVerb) &&
    !mention.special &&
    colors.length + attributes.length === 0 &&
    size === undefined &&
    ordinal === undefined &&
    superlative === undefined &&
    mention.end === mention.start + mention.words.split(' ').length
  );
}

function dropPoliteFrame(tokens: readonly string[]): string[] {
  const frame = POLITE_FRAMES.exec(tokens.join(' '));
  if (!frame || frame[0].length === 0) return [...tokens];
  return tokens.slice(frame[0].split(' ').length);
}

/** What the first verb means where the cue lists do not know it (WordNet). */
function mainVerbMeaning(tags: readonly TaggedToken[], vocabulary: Vocabulary): VerbMeaning | undefined {
  const verb = tags.find((t) => t.pos === 'verb');
  return verb ? verbMeaning(verb.lemma, vocabulary) : undefined;
}

function placePhrase(words: string, vocabulary: Vocabulary): NounPhrase {
  return nounPhrase({ kind: 'furniture', categories: vocabulary.phrases.get(words)?.furniture ?? [], words });
}

export function parseEnglish(text: string, vocabulary: Vocabulary): ParsedInstruction {
  if (text.trim().length === 0) return { intent: 'none', reason: 'empty' };
  if (text.length > MAX_INSTRUCTION_CHARS) return { intent: 'none', reason: 'too_long' };
  const rawTokens = englishTokens(text);
  const joined = ` ${rawTokens.filter((t) => t !== ',').join(' ')} `;
  if (UNSAFE.test(joined)) return { intent: 'none', reason: 'unsafe' };
  const headAt: HeadAt = (words, at) => headLength(words, at, vocabulary);
  const cues = (words: readonly string[]) => ` ${words.join(' ')} `;
  const hasVerb = (words: readonly string[]) =>
    [MOVE_VERBS, TIDY_VERBS, BRING, FIND, SET_RULE, /\bgive\b/].some((p) => p.test(cues(words))) ||
    tagEnglish(words)[0]?.pos === 'verb';
  const isPlace = (words: readonly string[]) =>
    (vocabulary.phrases.get(words.join(' '))?.furniture.length ?? 0) > 0;
  let rewritten = dropPoliteFrame(dropFillers(dropPoliteFrame(rawTokens), vocabulary));
  rewritten = dropSelfCorrections(rewritten);
  rewritten = dropNegations(rewritten, headAt);
  rewritten = dropLocatingClauses(rewritten, headAt);
  rewritten = resolveDislocations(rewritten, headAt, hasVerb);
  rewritten = placeFromEllipsis(rewritten, isPlace);
  const tokens = rewritten.filter((t) => t !== ',');
  const sentence = tokens.join(' ');
  if (tokens.length === 0) return { intent: 'none', reason: 'not_understood' };
  if (STOP.test(sentence) && tokens.length <= 4) return { intent: 'stop' };
  if (PROGRESS.test(sentence)) return { intent: 'none', reason: 'progress' };
  const tags = tagEnglish(tokens);
  const mentions = findMentions(tokens, vocabulary, tags);
  // Intent cues read the whole utterance ("from now on", "have you seen" contain fillers).
  const has = (pattern: RegExp) => pattern.test(joined) || pattern.test(` ${sentence} `);
  if (has(RESUME) && mentions.length === 0) return { intent: 'resume' };
  if (has(/\bstop\b/) && mentions.length === 0) return { intent: 'stop' };
  if (OUT_OF_DOMAIN.test(joined) && mentions.filter((m) => !m.special).length === 0)
    return { intent: 'none', reason: 'out_of_domain' };

  const nonPerson = mentions.filter((m) => m.special !== 'person');
  const firstPhrase = (role: 'object' | 'place') => chain(nonPerson, role);
  const meaning = mainVerbMeaning(tags, vocabulary);

  if (has(FIND) || meaning?.intent === 'find') {
    const target = firstPhrase('object');
    return target ? { intent: 'find', target } : { intent: 'none', reason: 'not_understood' };
  }
  // "grab the towel and put it in the basket": the last verb says what is asked.
  const thenPut = new RegExp(`\\band (then )?${MOVE_VERBS.source}`).test(` ${sentence} `);
  if (
    !thenPut &&
    (has(BRING) ||
      (has(/\b(get|take|give)\b/) && mentions.some((m) => m.special === 'person')) ||
      meaning?.intent === 'bring')
  ) {
    const { target, destination } = splitTargetAndDestination(mentions, 'bring');
    if (!target) return { intent: 'none', reason: 'not_understood' };
    const person = mentions.find((m) => m.special === 'person');
    const to = destination ?? (person ? nounPhrase({ kind: 'person', words: person.words }) : undefined);
    return { intent: 'bring', target, ...(to ? { destination: to } : {}) };
  }
  if (has(SET_RULE)) {
    const { target, destination } = splitTargetAndDestination(mentions);
    // "the green car goes in the toy box" moves that car; "cars go…", "the socks go…" (a whole
    // category) and "from now on…" set a rule; "can the socks go…" asks for a move.
    const first = nonPerson[0];
    const request = /^(can|could|would|will|may)$/.test(rawTokens[0] ?? '');
    // "the plate go…": the verb's agreement says the subject was plural even where speech
    // recognition lost its s.
    const verb = first ? tokens.slice(first.end).find((t) => t !== 'always') : undefined;
    const pluralVerb = verb === 'go' || verb === 'belong' || verb === 'live';
    // A bare singular is a thing named without its article ("bunny goes on the bed"); a bare
    // plural, a kind or "all" is a category.
    const bareCategory = (m: Mention) =>
      m.plural ||
      pluralVerb ||
      m.modifiers.quantity === 'all' ||
      (m.kind !== undefined && m.objects.length === 0);
    const standing =
      has(RULE_CUES) ||
      (first !== undefined &&
        !request &&
        (first.modifiers.determined ? isWholeCategory(first, pluralVerb) : bareCategory(first)));
    if (target && destination)
      return standing
        ? { intent: 'set_rule', target: { ...target, quantity: 'all' }, destination }
        : { intent: 'move', target, destination };
  }
  if (has(PRIORITIZE) && nonPerson.length > 0) {
    const target = firstPhrase('object')!;
    if (target.head.kind !== 'everything')
      return { intent: 'prioritize', target: { ...target, quantity: 'all' } };
  }
  const tidyVerb = has(TIDY_VERBS) || meaning?.intent === 'tidy';
  const moveVerb = has(MOVE_VERBS) || meaning?.intent === 'move';
  // A verb may say where things go: "shelve the books", "recycle the can", "hang up the scarf";
  // where the room has no such place, "hang the helmet on the shelf" says it instead.
  const verbPlace =
    meaning?.destination !== undefined &&
    (vocabulary.sceneFurniture === undefined ||
      (vocabulary.phrases.get(meaning.destination)?.furniture ?? []).some((f) =>
        vocabulary.sceneFurniture!.has(f),
      ))
      ? meaning.destination
      : undefined;
  const split = splitTargetAndDestination(
    mentions,
    has(TIDY_VERBS) || verbPlace !== undefined ? 'strong' : 'any',
  );
  const target = split.target;
  const destination =
    split.destination ??
    (verbPlace && target && !has(TIDY_VERBS) ? placePhrase(verbPlace, vocabulary) : undefined);
  if (tidyVerb && !destination) {
    if (!target || target.head.kind === 'everything') return { intent: 'tidy_all' };
    if (
      target.head.kind === 'furniture' ||
      (target.head.kind !== 'pronoun' && target.quantity === 'all') ||
      target.head.kind === 'kind'
    )
      return {
        intent: 'tidy',
        target: target.head.kind === 'furniture' ? everythingOn(target) : { ...target, quantity: 'all' },
      };
    return { intent: 'move', target };
  }
  if (target && destination) return { intent: 'move', target, destination };
  // "stash the crayons": things of a kind with nowhere said go where they belong.
  if (moveVerb && target && target.head.kind !== 'everything')
    return target.quantity === 'all' && target.head.kind !== 'pronoun'
      ? { intent: 'tidy', target }
      : { intent: 'move', target };
  if (tidyVerb || (moveVerb && target?.head.kind === 'everything')) return { intent: 'tidy_all' };
  return {
    intent: 'none',
    reason:
      mentions.length > 0
        ? 'not_understood'
        : OUT_OF_DOMAIN.test(joined)
          ? 'out_of_domain'
          : 'not_understood',
  };
}

/**
 * A reference given as an answer to "which one?": "the one by the sofa", "the red one",
 * "the second", "blue", "both". Undefined when the text names nothing.
 */
export function parseEnglishReference(text: string, vocabulary: Vocabulary): NounPhrase | undefined {
  const tokens = normalizeEnglish(text).filter(
    (t) => !FILLERS.has(t) && t !== 'i' && t !== 'mean' && t !== 'want' && t !== 'is' && t !== 'it',
  );
  if (tokens.length === 0) return undefined;
  if (tokens.some((t) => t === 'both' || t === 'all' || t === 'everything'))
    return nounPhrase({ kind: 'generic', words: 'both' }, { quantity: 'all' });
  const mentions = findMentions(tokens, vocabulary).filter(
    (m) => m.special !== 'person' && m.special !== 'pronoun',
  );
  if (mentions.length > 0) {
    const phrase = chain(mentions, 'object');
    // "the one on the table": a first mention with a preposition is a relation of an implied "one".
    const first = mentions[0]!;
    if (phrase && first.preposition && first.special !== 'generic')
      return nounPhrase(
        { kind: 'generic', words: 'one' },
        {
          relations: [
            {
              relation: first.preposition.relation,
              anchor: chain(mentions, 'place')!,
              frame: first.preposition.frame,
            },
          ],
        },
      );
    return phrase;
  }
  const modifiers = collectModifiers([...tokens, 'one'], 0, tokens.length);
  const { colors, attributes, size, ordinal, superlative } = modifiers;
  if (
    colors.length + attributes.length === 0 &&
    size === undefined &&
    ordinal === undefined &&
    superlative === undefined
  )
    return undefined;
  return nounPhrase(
    { kind: 'generic', words: 'one' },
    {
      colors,
      attributes,
      ...(size ? { size } : {}),
      ...(ordinal !== undefined ? { ordinal } : {}),
      ...(superlative ? { superlative } : {}),
    },
  );
}

export type { Intent };
