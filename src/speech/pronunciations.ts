/**
 * Pronunciations for the recognizer's dictionary: CMUdict (shipped with pocketsphinx-en-us)
 * where it has the word, else espeak-ng's IPA mapped to the CMU phone set.
 */
import { readFile } from 'node:fs/promises';
import { run } from './tools.ts';

/** IPA (as espeak-ng prints it) → CMU phones, longest symbols first. */
const IPA_TO_CMU: ReadonlyArray<readonly [string, string]> = [
  ['tʃ', 'CH'],
  ['dʒ', 'JH'],
  ['eɪ', 'EY'],
  ['aɪ', 'AY'],
  ['ɔɪ', 'OY'],
  ['aʊ', 'AW'],
  ['oʊ', 'OW'],
  ['əʊ', 'OW'],
  ['ɜː', 'ER'],
  ['ɝ', 'ER'],
  ['ɚ', 'ER'],
  ['iː', 'IY'],
  ['uː', 'UW'],
  ['ɑː', 'AA'],
  ['ɔː', 'AO'],
  ['i', 'IY'],
  ['ɪ', 'IH'],
  ['e', 'EH'],
  ['ɛ', 'EH'],
  ['æ', 'AE'],
  ['ɑ', 'AA'],
  ['ɒ', 'AA'],
  ['ɔ', 'AO'],
  ['ʊ', 'UH'],
  ['u', 'UW'],
  ['ʌ', 'AH'],
  ['ə', 'AH'],
  ['ᵻ', 'IH'],
  ['a', 'AA'],
  ['o', 'OW'],
  ['p', 'P'],
  ['b', 'B'],
  ['t', 'T'],
  ['d', 'D'],
  ['k', 'K'],
  ['ɡ', 'G'],
  ['g', 'G'],
  ['f', 'F'],
  ['v', 'V'],
  ['θ', 'TH'],
  ['ð', 'DH'],
  ['s', 'S'],
  ['z', 'Z'],
  ['ʃ', 'SH'],
  ['ʒ', 'ZH'],
  ['h', 'HH'],
  ['m', 'M'],
  ['n', 'N'],
  ['ŋ', 'NG'],
  ['l', 'L'],
  ['ɹ', 'R'],
  ['r', 'R'],
  ['j', 'Y'],
  ['w', 'W'],
  ['ɾ', 'D'],
  ['ʔ', 'T'],
];

export function ipaToCmu(ipa: string): string[] {
  const cleaned = ipa.replace(/[ˈˌːˑ‍\s.-]/g, (c) => (c === 'ː' ? 'ː' : '')).replace(/ː/g, 'ː');
  const phones: string[] = [];
  let i = 0;
  while (i < cleaned.length) {
    const match = IPA_TO_CMU.find(([symbol]) => cleaned.startsWith(symbol, i));
    if (match) {
      phones.push(match[1]);
      i += match[0].length;
    } else i++; // length marks and symbols without a CMU phone
  }
  return phones;
}

let cmudict: Map<string, string> | undefined;

export async function loadCmudict(path: string): Promise<Map<string, string>> {
  if (cmudict) return cmudict;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new Error(
      `pronunciation dictionary '${path}' is missing; on Debian: sudo apt-get install pocketsphinx-en-us`,
    );
  }
  const map = new Map<string, string>();
  for (const line of text.split('\n')) {
    const space = line.indexOf(' ');
    if (space <= 0) continue;
    const word = line.slice(0, space);
    if (!map.has(word)) map.set(word, line.slice(space + 1).trim());
  }
  cmudict = map;
  return map;
}

/** Dictionary lines (`word PH ON ES`) for `words`; words without any pronunciation are returned apart. */
export async function pronunciationLines(
  words: readonly string[],
  dictPath: string,
): Promise<{ lines: string[]; missing: string[] }> {
  const dict = await loadCmudict(dictPath);
  const lines: string[] = [];
  const unknown: string[] = [];
  for (const word of words) {
    const entry = dict.get(word);
    if (entry) lines.push(`${word} ${entry}`);
    else unknown.push(word);
  }
  const missing: string[] = [];
  if (unknown.length > 0) {
    const ipa = await Promise.all(
      unknown.map(async (word) =>
        (await run('espeak-ng', ['-q', '--ipa', '-v', 'en-us', word])).stdout.toString('utf8').trim(),
      ),
    );
    unknown.forEach((word, k) => {
      const phones = ipaToCmu(ipa[k] ?? '');
      if (phones.length > 0) lines.push(`${word} ${phones.join(' ')}`);
      else missing.push(word);
    });
  }
  return { lines, missing };
}
