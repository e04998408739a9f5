import { describe, expect, it } from 'vitest';
import {
  categoriesUnder,
  furnitureSynonyms,
  nounReading,
  objectCategoryEntry,
  verbMeaning,
} from '../../src/language/unknownWords.ts';
import { buildVocabulary } from '../../src/language/vocabulary.ts';
import { WordNet } from '../../src/language/wordnet.ts';

const vocabulary = buildVocabulary();

describe('WordNet', () => {
  const wordnet = WordNet.fromPackage();
  it('finds a lemma’s synsets and their hypernyms', () => {
    const senses = wordnet.synsets('novel', 'n');
    expect(senses.length).toBeGreaterThanOrEqual(2);
    const hypernyms = senses.flatMap((s) => wordnet.related(s, ['@']).flatMap((h) => h.words));
    expect(hypernyms).toContain('book');
  });
  it('knows no synsets for a word it lacks', () => {
    expect(wordnet.synsets('plushie', 'n')).toEqual([]);
  });
});

describe('words outside the lexicon', () => {
  it.each([
    ['novel', 'book'],
    ['tumbler', 'glass'],
    ['sneaker', 'shoe'],
    ['sweater', 'clothing'],
    ['tissue', 'tissue box'],
  ])('the noun %s reads as %s', (word, phrase) => {
    expect(nounReading(word, vocabulary)).toBe(phrase);
  });
  it('food and people are not things to tidy', () => {
    expect(nounReading('sandwich', vocabulary)).toBeUndefined();
    expect(nounReading('bunny', vocabulary)).toBeUndefined();
  });
  it.each([
    ['shelve', { intent: 'move', destination: 'shelf' }],
    ['recycle', { intent: 'move', destination: 'recycling' }],
    ['chuck', { intent: 'move' }],
    ['fetch', { intent: 'bring' }],
  ])('the verb %s asks for %j', (word, meaning) => {
    expect(verbMeaning(word, vocabulary)).toEqual(meaning);
  });
  it('light verbs say nothing by themselves', () => {
    expect(verbMeaning('take', vocabulary)).toBeUndefined();
    expect(verbMeaning('play', vocabulary)).toBeUndefined();
  });
});

describe("a scene's categories the lexicon lacks", () => {
  it('take synonyms and kinds from WordNet and their name', () => {
    const dinosaur = objectCategoryEntry('toy dinosaur');
    expect(dinosaur.synonyms).toContain('dinosaur');
    expect(dinosaur.kinds).toContain('toys');
    expect(objectCategoryEntry('laptop').synonyms).toContain('laptop computer');
  });
  it('furniture takes its WordNet synonyms and the nearest name the lexicon has', () => {
    expect(furnitureSynonyms('armchair')).toContain('chair');
    expect(furnitureSynonyms('wardrobe')).toContain('closet');
    expect(furnitureSynonyms('storage bin')).toContain('bin');
  });
  it('a more general word names the categories under it', () => {
    const den = buildVocabulary({
      objects: [
        { id: 'l', category: 'laptop', colors: [], position: [0, 0, 0] },
        { id: 'j', category: 'jacket', colors: [], position: [1, 0, 0] },
      ],
      furniture: [],
    });
    expect(categoriesUnder('computer', den)).toEqual(['laptop']);
    expect(categoriesUnder('coat', den)).toEqual(['jacket']);
  });
});
