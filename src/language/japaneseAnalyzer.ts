/**
 * Morphological analysis of Japanese instructions with `kuromoji` (IPADIC ships inside the
 * package; nothing is downloaded). It gives the parser what string matching cannot:
 * - words spelled another way, found by their reading: 本だな and ほんだな are 本棚 (ホンダナ),
 *   おもちゃばこ is おもちゃ箱;
 * - verbs by their dictionary form whatever their conjugation: 入れといて and 入れておいて are
 *   入れる, 持っていって is 持つ + いく;
 * - katakana words the dictionary lacks, whole, for loanword matching (シューズラック).
 * The dictionary takes ~1.6 s and ~350 MB to load, so only Japanese grounding loads it, once:
 * `await prepareJapanese()` before the first Japanese parse.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import kuromoji, { type IpadicFeatures, type Tokenizer } from 'kuromoji';
import { loadEdict, type Edict } from './edict.ts';
import { isKatakanaWord } from './loanwords.ts';

let tokenizer: Tokenizer<IpadicFeatures> | undefined;
let dictionary: Edict | undefined;
let loading: Promise<void> | undefined;

/** Loads kuromoji's dictionary and EDICT (Debian's `edict`), once. */
export function prepareJapanese(): Promise<void> {
  loading ??= new Promise<void>((resolve, reject) => {
    try {
      dictionary = loadEdict();
    } catch (error) {
      reject(error as Error);
      return;
    }
    const dicPath = join(dirname(createRequire(import.meta.url).resolve('kuromoji/package.json')), 'dict');
    kuromoji.builder({ dicPath }).build((error, built) => {
      if (error) reject(new Error(`cannot load kuromoji's dictionary from ${dicPath}: ${String(error)}`));
      else {
        tokenizer = built;
        resolve();
      }
    });
  });
  return loading;
}

/** English glosses of a Japanese word (EDICT), in the dictionary's order. */
export function englishGlosses(word: string): readonly string[] {
  if (!dictionary)
    throw new Error('Japanese grounding needs its dictionaries: await prepareJapanese() first');
  return dictionary.get(word) ?? [];
}

function ready(): Tokenizer<IpadicFeatures> {
  if (!tokenizer)
    throw new Error('Japanese grounding needs its morphological analyzer: await prepareJapanese() first');
  return tokenizer;
}

export interface JapaneseAnalysis {
  /** The text with words the dictionary knows spelled as the dictionary spells them. */
  readonly text: string;
  /** Dictionary forms of the words (verbs conjugated any way: 入れといて → 入れる, とく). */
  readonly lemmas: readonly string[];
  /** Runs of katakana nouns (for loanword matching). */
  readonly katakana: readonly string[];
  /** Nouns and compounds of adjacent nouns, longest first (for EDICT look-up). */
  readonly nouns: readonly string[];
}

function toKatakana(text: string): string {
  return text.replace(/[ぁ-ゖ]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));
}

/** Reading in katakana, with where each reading character starts and ends in the text (-1 inside a word). */
function reading(text: string): { chars: string; starts: number[]; ends: number[] } {
  let chars = '';
  const starts: number[] = [];
  const ends: number[] = [];
  for (const token of ready().tokenize(text)) {
    const at = token.word_position - 1;
    const surface = token.surface_form;
    const said = token.reading && token.reading !== '*' ? token.reading : undefined;
    if (!said || said === toKatakana(surface)) {
      // Kana (or unknown) words map character by character.
      const kana = toKatakana(surface);
      for (let k = 0; k < kana.length; k++) {
        chars += kana[k];
        starts.push(at + k);
        ends.push(at + k + 1);
      }
      continue;
    }
    for (let k = 0; k < said.length; k++) {
      chars += said[k];
      starts.push(k === 0 ? at : -1);
      ends.push(k === said.length - 1 ? at + surface.length : -1);
    }
  }
  return { chars, starts, ends };
}

const keyReadings = new Map<string, string>();

/** Words at least this long in kana are respelled (shorter ones match too much by chance). */
const MIN_RESPELL_KANA = 3;

export function analyzeJapanese(text: string, dictionaryWords: readonly string[]): JapaneseAnalysis {
  const analyzer = ready();
  const tokens = analyzer.tokenize(text);
  const read = reading(text);
  // Candidates: words already spelled as the dictionary spells them, and spans whose reading
  // is a dictionary word's. The longest win; on a tie the spelling as written stays (おもちゃ
  // is not respelled 玩具).
  const candidates: Array<{ start: number; end: number; word: string; written: boolean }> = [];
  for (const word of dictionaryWords)
    for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1))
      candidates.push({ start: at, end: at + word.length, word, written: true });
  for (const word of dictionaryWords) {
    let kana = keyReadings.get(word);
    if (kana === undefined) {
      kana = reading(word).chars;
      keyReadings.set(word, kana);
    }
    if (kana.length < MIN_RESPELL_KANA) continue;
    for (let at = read.chars.indexOf(kana); at >= 0; at = read.chars.indexOf(kana, at + 1)) {
      const start = read.starts[at]!;
      const end = read.ends[at + kana.length - 1]!;
      if (start >= 0 && end >= 0) candidates.push({ start, end, word, written: false });
    }
  }
  candidates.sort((a, b) => b.end - b.start - (a.end - a.start) || Number(b.written) - Number(a.written));
  const taken = new Uint8Array(text.length);
  const replacements: Array<{ start: number; end: number; word: string }> = [];
  for (const candidate of candidates) {
    if (taken.subarray(candidate.start, candidate.end).some((t) => t === 1)) continue;
    taken.fill(1, candidate.start, candidate.end);
    if (!candidate.written) replacements.push(candidate);
  }
  let respelled = text;
  for (const { start, end, word } of replacements.sort((a, b) => b.start - a.start))
    respelled = respelled.slice(0, start) + word + respelled.slice(end);
  const katakana: string[] = [];
  let run = '';
  for (const token of tokens) {
    if (token.pos === '名詞' && isKatakanaWord(token.surface_form)) run += token.surface_form;
    else {
      if (run) katakana.push(run);
      run = '';
    }
  }
  if (run) katakana.push(run);
  const nouns: string[] = [];
  let compound: string[] = [];
  const flush = () => {
    for (let length = compound.length; length >= 1; length--)
      for (let at = 0; at + length <= compound.length; at++)
        nouns.push(compound.slice(at, at + length).join(''));
    compound = [];
  };
  for (const token of tokens) {
    if (token.pos === '名詞') compound.push(token.surface_form);
    else flush();
  }
  flush();
  return {
    text: respelled,
    lemmas: tokens.map((t) => (t.basic_form && t.basic_form !== '*' ? t.basic_form : t.surface_form)),
    katakana,
    nouns: [...new Set(nouns)].sort((a, b) => b.length - a.length),
  };
}
