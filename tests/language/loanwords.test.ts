import { describe, expect, it } from 'vitest';
import { loanwordSource, romaji } from '../../src/language/loanwords.ts';
import { buildVocabulary } from '../../src/language/vocabulary.ts';

const phrases = [...buildVocabulary().phrases.keys()];

describe('katakana loanwords', () => {
  it('spells small kana with the kana before them', () => {
    expect(romaji('ソファ')).toBe('sofa');
    expect(romaji('キャビネット')).toBe('kyabineto');
  });
  it.each([
    ['シンク', 'sink'],
    ['キャビネット', 'cabinet'],
    ['シューズラック', 'shoe rack'],
    ['フック', 'hook'],
    ['ソファー', 'sofa'],
    ['テーブル', 'table'],
    ['ランドリーバスケット', 'laundry basket'],
  ])('%s comes from %s', (word, phrase) => {
    expect(loanwordSource(word, phrases)).toBe(phrase);
  });
  it('a word with no English source, or one too short to tell, matches nothing', () => {
    expect(loanwordSource('ゴミ', phrases)).toBeUndefined();
    expect(loanwordSource('ドア', ['door', 'dear'])).toBeUndefined();
  });
});
