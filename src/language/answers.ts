/** Telling an answer to a question ("the red one") from a cancel or a new instruction. */
import type { NounPhrase } from './instruction.ts';
import { normalizeEnglish, parseEnglishReference } from './parseEnglish.ts';
import { parseJapaneseReference } from './parseJapanese.ts';
import type { Vocabulary } from './vocabulary.ts';

const CANCEL_EN =
  /^(no|nope|never mind|nevermind|cancel|forget it|forget about it|nothing|none|neither|none of them|not now)$/;
const CANCEL_JA =
  /^(いいえ|いや|やっぱりいい|やっぱりいいや|キャンセル|やめて|なんでもない|どれでもない|いらない)[。！!]?$/;
const COMMAND_EN =
  /^(put|place|move|take|bring|fetch|get|give|find|where|tidy|clean|stop|resume|continue|pick|throw|hand|pass|carry|tell)\b/;
const COMMAND_JA =
  /(入れて|いれて|置いて|おいて|片付け|片づけ|かたづけ|持ってき|もってき|取って|とって|どこ|止まって|とまって|ストップ|しまって|戻して|再開|続けて)/;

export function isCancel(text: string, language: 'en' | 'ja'): boolean {
  if (language === 'ja') return CANCEL_JA.test(text.trim());
  return CANCEL_EN.test(normalizeEnglish(text).join(' '));
}

export function looksLikeCommand(text: string, language: 'en' | 'ja'): boolean {
  if (language === 'ja') return COMMAND_JA.test(text);
  return COMMAND_EN.test(
    normalizeEnglish(text)
      .filter(
        (t) =>
          !['please', 'ok', 'okay', 'no', 'and', 'then', 'now', 'just', 'can', 'could', 'you'].includes(t),
      )
      .join(' '),
  );
}

export function parseReferenceAnswer(
  text: string,
  vocabulary: Vocabulary,
  language: 'en' | 'ja',
): NounPhrase | undefined {
  return language === 'ja'
    ? parseJapaneseReference(text, vocabulary)
    : parseEnglishReference(text, vocabulary);
}
