/**
 * Part-of-speech tags and lemmas for normalized English tokens, from `compromise` (a rule- and
 * lexicon-based tagger that runs in-process in milliseconds and needs no model download).
 * Used where the grounding lexicon has no entry for a word: to find the verb of an instruction
 * and the lemma to look up in WordNet ("shelving" → shelve, "novels" → novel).
 */
import nlp from 'compromise';

export type PartOfSpeech = 'noun' | 'verb' | 'adjective' | 'preposition' | 'determiner' | 'other';

export interface TaggedToken {
  readonly word: string;
  readonly lemma: string;
  readonly pos: PartOfSpeech;
}

const QUANTIFIERS = new Set(['all', 'both', 'each', 'every', 'some', 'any', 'half']);

interface CompromiseTerm {
  readonly normal: string;
  readonly root?: string;
  readonly tags: readonly string[];
}

function partOfSpeech(tags: readonly string[]): PartOfSpeech {
  if (tags.includes('Determiner') || tags.includes('Possessive')) return 'determiner';
  if (tags.includes('Preposition')) return 'preposition';
  if (tags.includes('Verb')) return 'verb';
  if (tags.includes('Adjective')) return 'adjective';
  if (tags.includes('Noun') && !tags.includes('Pronoun')) return 'noun';
  return 'other';
}

/** Tags tokens as they are (one tag per token); ',' tokens stay 'other'. */
export function tagEnglish(tokens: readonly string[]): TaggedToken[] {
  const doc = nlp(tokens.join(' '));
  doc.compute('root');
  const terms = (doc.json() as Array<{ terms: CompromiseTerm[] }>).flatMap((sentence) => sentence.terms);
  const aligned = terms.length === tokens.length;
  const tagged = tokens.map((word, k): TaggedToken => {
    const term = aligned ? terms[k]! : undefined;
    if (!term || word === ',') return { word, lemma: word, pos: 'other' };
    return { word, lemma: term.root || term.normal || word, pos: partOfSpeech(term.tags) };
  });
  // An instruction is imperative: a first word the tagger read as a noun but followed by a
  // determiner ("stash the crayons", "shelve those") is the verb.
  const first = tagged[0];
  if (first && first.pos === 'noun' && !QUANTIFIERS.has(first.word) && tagged[1]?.pos === 'determiner')
    tagged[0] = { ...first, pos: 'verb' };
  return tagged;
}
