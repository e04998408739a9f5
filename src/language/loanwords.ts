/**
 * Katakana loanwords back to the English words they came from: シンク is "sink", キャビネット
 * "cabinet", シューズラック "shoe rack". Both sides are reduced to a consonant skeleton under the
 * sound correspondences of Japanese borrowing (l→r, v→b, f→h, th→s, a plural s heard as ズ;
 * vowels and doubled consonants dropped), and a word matches a vocabulary phrase whose
 * skeleton is the same.
 */
const KANA: Readonly<Record<string, string>> = {
  ア: 'a',
  イ: 'i',
  ウ: 'u',
  エ: 'e',
  オ: 'o',
  カ: 'ka',
  キ: 'ki',
  ク: 'ku',
  ケ: 'ke',
  コ: 'ko',
  ガ: 'ga',
  ギ: 'gi',
  グ: 'gu',
  ゲ: 'ge',
  ゴ: 'go',
  サ: 'sa',
  シ: 'shi',
  ス: 'su',
  セ: 'se',
  ソ: 'so',
  ザ: 'za',
  ジ: 'ji',
  ズ: 'zu',
  ゼ: 'ze',
  ゾ: 'zo',
  タ: 'ta',
  チ: 'chi',
  ツ: 'tsu',
  テ: 'te',
  ト: 'to',
  ダ: 'da',
  ヂ: 'ji',
  ヅ: 'zu',
  デ: 'de',
  ド: 'do',
  ナ: 'na',
  ニ: 'ni',
  ヌ: 'nu',
  ネ: 'ne',
  ノ: 'no',
  ハ: 'ha',
  ヒ: 'hi',
  フ: 'fu',
  ヘ: 'he',
  ホ: 'ho',
  バ: 'ba',
  ビ: 'bi',
  ブ: 'bu',
  ベ: 'be',
  ボ: 'bo',
  パ: 'pa',
  ピ: 'pi',
  プ: 'pu',
  ペ: 'pe',
  ポ: 'po',
  マ: 'ma',
  ミ: 'mi',
  ム: 'mu',
  メ: 'me',
  モ: 'mo',
  ヤ: 'ya',
  ユ: 'yu',
  ヨ: 'yo',
  ラ: 'ra',
  リ: 'ri',
  ル: 'ru',
  レ: 're',
  ロ: 'ro',
  ワ: 'wa',
  ヲ: 'o',
  ン: 'n',
  ヴ: 'vu',
  ァ: 'a',
  ィ: 'i',
  ゥ: 'u',
  ェ: 'e',
  ォ: 'o',
  ャ: 'ya',
  ュ: 'yu',
  ョ: 'yo',
};

export function isKatakanaWord(text: string): boolean {
  return /^[ァ-ヴー]{2,}$/.test(text);
}

const SMALL_VOWELS = new Set(['ァ', 'ィ', 'ゥ', 'ェ', 'ォ']);
const SMALL_Y = new Set(['ャ', 'ュ', 'ョ']);

/** Romaji of a katakana word (ッ and ー dropped: the skeleton ignores length). */
export function romaji(katakana: string): string {
  let out = '';
  for (const kana of katakana) {
    const sound = KANA[kana] ?? '';
    // ファ is "fa", ティ "ti", キャ "kya": a small kana replaces the vowel before it.
    if ((SMALL_VOWELS.has(kana) || SMALL_Y.has(kana)) && /[^aeiou][aeiou]$/.test(out))
      out = out.slice(0, -1) + sound;
    else out += sound;
  }
  return out;
}

function collapse(consonants: string): string {
  return consonants.replace(/[aeiouy]/g, '').replace(/(.)\1+/g, '$1');
}

function romajiSkeleton(text: string): string {
  return collapse(
    text
      .replace(/sh/g, 's')
      .replace(/ch/g, 't')
      .replace(/ts/g, 't')
      .replace(/([kgsztdnhbpmr])y/g, '$1')
      .replace(/j/g, 's')
      .replace(/z/g, 's')
      .replace(/f/g, 'h')
      .replace(/w/g, ''),
  );
}

/** Each word on its own ("coat hook" has no "th"). */
function englishSkeleton(text: string): string {
  return collapse(
    text
      .toLowerCase()
      .split(/[^a-z]+/)
      .map(wordSkeleton)
      .join(''),
  );
}

function wordSkeleton(word: string): string {
  return word
    .replace(/gh/g, '')
    .replace(/ck/g, 'k')
    .replace(/sh/g, 's')
    .replace(/ch/g, 't')
    .replace(/th/g, 's')
    .replace(/ph/g, 'h')
    .replace(/c(?=[eiy])/g, 's')
    .replace(/[cq]/g, 'k')
    .replace(/x/g, 'ks')
    .replace(/[zj]/g, 's')
    .replace(/f/g, 'h')
    .replace(/l/g, 'r')
    .replace(/v/g, 'b')
    .replace(/w/g, '')
    .replace(/(?<=[aeiou])r(?![aeiou])/g, '')
    .replace(/ng$/g, 'n');
}

/**
 * The phrase among `phrases` a katakana word was borrowed from: of those with its skeleton,
 * one with its first vowel, then the one closest in length to its romaji; undefined when none or a tie (or the skeleton is
 * too short to tell).
 */
export function loanwordSource(katakana: string, phrases: Iterable<string>): string | undefined {
  const spelled = romaji(katakana);
  const skeleton = romajiSkeleton(spelled);
  if (skeleton.length < 2) return undefined;
  let best: string | undefined;
  let bestGap = Infinity;
  let tied = false;
  const firstVowel = (text: string) => /[aeiou]/.exec(text)?.[0];
  for (const phrase of phrases) {
    // Borrowed words drop the plural: ヘッドホン is "headphones".
    const english = englishSkeleton(phrase);
    if (english !== skeleton && !(phrase.endsWith('s') && english === `${skeleton}s`)) continue;
    // シンク is "sink", not "sneaker": the first vowel counts before the length.
    const gap =
      (english === skeleton ? 0 : 50) +
      (firstVowel(phrase) === firstVowel(spelled) ? 0 : 100) +
      Math.abs(phrase.replace(/ /g, '').length - spelled.length);
    if (gap < bestGap) [best, bestGap, tied] = [phrase, gap, false];
    else if (gap === bestGap) tied = true;
  }
  return tied ? undefined : best;
}
