import { describe, expect, it } from 'vitest';
import {
  dropLocatingClauses,
  dropNegations,
  dropSelfCorrections,
  placeFromEllipsis,
  resolveDislocations,
  type HeadAt,
} from '../../src/language/englishDiscourse.ts';

const HEADS = ['cup', 'ball', 'sock', 'desk', 'book', 'one', 'basket', 'hamper', 'table'];
const headAt: HeadAt = (tokens, at) => (HEADS.includes(tokens[at] ?? '') ? 1 : 0);
const words = (text: string) => text.split(' ');
const hasVerb = (segment: readonly string[]) => ['put', 'bring', 'shelve'].includes(segment[0] ?? '');

describe('English discourse rewrites', () => {
  it('drops what a self-correction takes back', () => {
    expect(dropSelfCorrections(words('put the red , no , the white cup on the table')).join(' ')).toBe(
      'put the white cup on the table',
    );
  });
  it('drops a negated phrase and lends its noun to the one that follows', () => {
    expect(dropNegations(words('not the big ball , the small one , basket'), headAt).join(' ')).toBe(
      'the small ball , basket',
    );
    expect(dropNegations(words('put the cup , not the red one , on the table'), headAt).join(' ')).toBe(
      'put the cup , on the table',
    );
  });
  it('drops the verb of a clause that only says where a thing is', () => {
    expect(
      dropLocatingClauses(words('put the cup that is sitting on the desk in the basket'), headAt).join(' '),
    ).toBe('put the cup on the desk in the basket');
    // "that" as a pronoun stays.
    expect(dropLocatingClauses(words('put that on the desk'), headAt).join(' ')).toBe('put that on the desk');
  });
  it('moves a thing named first into the place of the "it" that takes it up', () => {
    expect(resolveDislocations(words('the sock , put it in the basket'), headAt, hasVerb).join(' ')).toBe(
      'put the sock in the basket',
    );
    expect(resolveDislocations(words('bring my book , the green one'), headAt, hasVerb).join(' ')).toBe(
      'bring my the green book',
    );
  });
  it('reads a last segment that only names a place as where things go', () => {
    const isPlace = (place: readonly string[]) => place.join(' ') === 'hamper';
    expect(placeFromEllipsis(words('blue sock , hamper'), isPlace).join(' ')).toBe(
      'blue sock , into the hamper',
    );
    expect(placeFromEllipsis(words('blue sock , cup'), isPlace).join(' ')).toBe('blue sock , cup');
  });
});
