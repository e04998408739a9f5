/**
 * Japanese instructions for the same domain (「靴下を洗濯かごに入れて」, 「リモコンはどこ？」),
 * parsed into the same `ParsedInstruction` as English so the grounding core is shared. Nouns,
 * colours and attributes come from a dictionary that maps to the English lexicon; roles come
 * from particles (を target, に/へ destination, は topic) and relations from 「AのBの上の」-style
 * modifiers (「テーブルの上のコップ」: the cup on the table).
 */
import {
  everythingOn,
  nounPhrase,
  type Intent,
  type NounPhrase,
  type ParsedInstruction,
  type Relation,
} from './instruction.ts';
import type { RelationName, Superlative } from './lexicon.ts';
import type { Vocabulary } from './vocabulary.ts';
import { analyzeJapanese, englishGlosses, type JapaneseAnalysis } from './japaneseAnalyzer.ts';
import { loanwordSource } from './loanwords.ts';
import { nounReading, objectCategoryEntry } from './unknownWords.ts';

/** Japanese words → an English phrase of the vocabulary. */
export const JAPANESE_NOUNS: Readonly<Record<string, string>> = {
  靴下: 'sock',
  くつした: 'sock',
  ソックス: 'sock',
  タオル: 'towel',
  Tシャツ: 't-shirt',
  ティーシャツ: 't-shirt',
  シャツ: 't-shirt',
  パジャマ: 'pajamas',
  スリッパ: 'slipper',
  靴: 'shoe',
  くつ: 'shoe',
  スニーカー: 'shoe',
  サンダル: 'sandal',
  本: 'book',
  絵本: 'book',
  雑誌: 'magazine',
  漫画: 'magazine',
  マンガ: 'magazine',
  コップ: 'cup',
  カップ: 'cup',
  マグカップ: 'cup',
  皿: 'plate',
  お皿: 'plate',
  おさら: 'plate',
  茶碗: 'bowl',
  お椀: 'bowl',
  スプーン: 'spoon',
  ペットボトル: 'plastic bottle',
  ボトル: 'plastic bottle',
  缶: 'can',
  空き缶: 'can',
  リモコン: 'remote control',
  スマホ: 'smartphone',
  スマートフォン: 'smartphone',
  携帯: 'smartphone',
  ペン: 'pen',
  ボールペン: 'pen',
  鉛筆: 'pencil',
  えんぴつ: 'pencil',
  クレヨン: 'crayon',
  はさみ: 'scissors',
  ハサミ: 'scissors',
  のり: 'glue bottle',
  ティッシュ: 'tissue box',
  ティッシュ箱: 'tissue box',
  積み木: 'toy blocks',
  つみき: 'toy blocks',
  ブロック: 'toy blocks',
  レゴ: 'lego',
  ぬいぐるみ: 'stuffed animal',
  くま: 'teddy bear',
  人形: 'doll',
  ボール: 'ball',
  ミニカー: 'toy car',
  おもちゃの車: 'toy car',
  車: 'car',
  じょうろ: 'toy watering can',
  ジョウロ: 'toy watering can',
  けん玉: 'kendama',
  けんだま: 'kendama',
  パズル: 'puzzle',
  クッション: 'cushion',
  枕: 'pillow',
  毛布: 'blanket',
  帽子: 'hat',
  手袋: 'glove',
  マフラー: 'scarf',
  かばん: 'bag',
  カバン: 'bag',
  鍵: 'keys',
  カギ: 'keys',
  財布: 'wallet',
  眼鏡: 'glasses',
  メガネ: 'glasses',
  新聞: 'newspaper',
  ゴミ: 'trash',
  お菓子の袋: 'snack wrapper',
  お菓子のゴミ: 'snack wrapper',
  ごみ: 'trash',
  ヘアブラシ: 'hairbrush',
  くし: 'comb',
  歯ブラシ: 'toothbrush',
  傘: 'umbrella',
  おもちゃ: 'toys',
  玩具: 'toys',
  服: 'clothes',
  洋服: 'clothes',
  洗濯物: 'laundry',
  食器: 'dishes',
  文房具: 'stationery',
  洗濯かご: 'laundry basket',
  洗濯カゴ: 'laundry basket',
  洗濯籠: 'laundry basket',
  かご: 'basket',
  カゴ: 'basket',
  本棚: 'bookshelf',
  棚: 'shelf',
  おもちゃ箱: 'toy box',
  おもちゃばこ: 'toy box',
  箱: 'box',
  ソファ: 'sofa',
  ソファー: 'sofa',
  テーブル: 'table',
  ローテーブル: 'coffee table',
  机: 'desk',
  つくえ: 'desk',
  椅子: 'chair',
  いす: 'chair',
  イス: 'chair',
  靴箱: 'shoe rack',
  下駄箱: 'shoe rack',
  靴棚: 'shoe rack',
  テレビ台: 'tv stand',
  ゴミ箱: 'trash can',
  ごみ箱: 'trash can',
  引き出し: 'drawer',
  棚の中: 'cabinet',
  ベッド: 'bed',
  玄関: 'entrance',
  ドア: 'door',
  窓: 'window',
  キッチン: 'kitchen counter',
  流し: 'sink',
  タンス: 'drawer',
  箪笥: 'drawer',
  食器棚: 'cabinet',
  戸棚: 'cabinet',
  コート掛け: 'coat hook',
  資源ごみ: 'recycling bin',
  リサイクルボックス: 'recycling bin',
  リサイクル: 'recycling',
  床: 'floor',
  壁: 'wall',
  隅: 'corner',
  ロボット: 'toy robot',
  ロボットのおもちゃ: 'toy robot',
  おもちゃのロボット: 'toy robot',
  ゲームのコントローラー: 'game controller',
  コントローラー: 'game controller',
  部屋: 'the room',
  全部: 'everything',
  もの: 'thing',
  物: 'thing',
  やつ: 'one',
  の: 'one',
  それ: 'it',
  これ: 'it',
  あれ: 'it',
  それら: 'them',
  私: 'me',
  わたし: 'me',
  僕: 'me',
  ママ: 'mom',
  パパ: 'dad',
};

const COLORS: Readonly<Record<string, string>> = {
  赤い: 'red',
  赤の: 'red',
  赤: 'red',
  あかい: 'red',
  青い: 'blue',
  青の: 'blue',
  青: 'blue',
  あおい: 'blue',
  緑の: 'green',
  緑: 'green',
  黄色い: 'yellow',
  黄色の: 'yellow',
  黄色: 'yellow',
  白い: 'white',
  白の: 'white',
  白: 'white',
  黒い: 'black',
  黒の: 'black',
  黒: 'black',
  茶色い: 'brown',
  茶色の: 'brown',
  茶色: 'brown',
  ピンクの: 'pink',
  ピンク: 'pink',
  オレンジの: 'orange',
  オレンジ: 'orange',
  紫の: 'purple',
  紫: 'purple',
  灰色の: 'gray',
  灰色: 'gray',
  グレーの: 'gray',
  グレー: 'gray',
};
const ATTRIBUTES: Readonly<Record<string, string>> = {
  ふわふわの: 'fluffy',
  ふわふわした: 'fluffy',
  もこもこの: 'fluffy',
  柔らかい: 'soft',
  丸い: 'round',
  穴の開いた: 'holes',
  穴のあいた: 'holes',
  木の: 'wooden',
  プラスチックの: 'plastic',
};
const SIZES: Readonly<Record<string, 'small' | 'large'>> = {
  大きい: 'large',
  大きな: 'large',
  小さい: 'small',
  小さな: 'small',
};
const SUPERLATIVES: Readonly<Record<string, Superlative>> = {
  一番左の: 'leftmost',
  左の: 'leftmost',
  一番右の: 'rightmost',
  右の: 'rightmost',
  一番近い: 'closest',
  近い: 'closest',
  一番遠い: 'farthest',
  一番大きい: 'biggest',
  一番小さい: 'smallest',
};
const ORDINALS: Readonly<Record<string, number>> = {
  最初の: 1,
  一つ目の: 1,
  二番目の: 2,
  二つ目の: 2,
  三番目の: 3,
  最後の: -1,
};
/** A number with its counter (つ, 本, 冊, 足…), or 両方, optionally with とも. */
const COUNT = /^(?:([0-9０-９]+|[一二三四五六七八九十]+)(つ|個|本|冊|足|枚|台|匹|体|着|人)|(両方))(とも)?/;
const QUANTIFIERS = ['全部の', 'すべての', '全ての', 'みんな', '全部'];
/** 「Aの上の B」: B relates to A. */
const RELATIONS: ReadonlyArray<readonly [string, RelationName]> = [
  ['の上', 'on'],
  ['の下', 'under'],
  ['の中', 'in'],
  ['の近く', 'near'],
  ['のそば', 'near'],
  ['の横', 'near'],
  ['の隣', 'near'],
  ['の前', 'in_front_of'],
  ['の後ろ', 'behind'],
  ['の左', 'left_of'],
  ['の右', 'right_of'],
  ['にある', 'near'],
  ['の', 'near'],
];

const UNSAFE = /(投げつけ|ぶつけ|叩い|たたい|壊し|こわし|燃やし|包丁|ナイフ|火を|殴|蹴)/;
const OUT_OF_DOMAIN = /(天気|料理|ご飯を作|歌|ニュース|宿題|電話|メール|買って|注文)/;
const STOP = /^(ストップ|止まって|とまって|止めて|とめて|待って|まって|やめて|停止)/;
const RESUME = /(再開|続けて|つづけて|続き)/;
const FIND = /(どこ|探して|さがして|見つけて|見なかった|知らない)/;
const BRING = /(持ってきて|もってきて|持って来て|取って|とって|ちょうだい|取ってきて)/;
const SET_RULE = /(これから|いつも|今度から|からは|ことにして|ようにして|場所は|定位置)/;
const PRIORITIZE = /(先に|さきに|最初に|優先|から先)/;
const TIDY = /(片付け|片づけ|かたづけ|しまって|お片付け|きれいにして|掃除して)/;
const MOVE = /(入れて|いれて|置いて|おいて|戻して|もどして|運んで|乗せて|のせて|移して|しまって)/;

interface Mention {
  readonly start: number;
  readonly end: number;
  readonly english: string;
  readonly colors: string[];
  readonly attributes: string[];
  size?: 'small' | 'large';
  superlative?: Superlative;
  ordinal?: number;
  quantity: 'one' | 'all';
  /** Text right after the noun, up to the next mention or modifier. */
  readonly after: string;
}

function longestKey(text: string, at: number, table: Readonly<Record<string, unknown>>): string | undefined {
  let found: string | undefined;
  for (const key of Object.keys(table))
    if (text.startsWith(key, at) && (!found || key.length > found.length)) found = key;
  return found;
}

function findMentions(text: string, nouns: Readonly<Record<string, string>> = JAPANESE_NOUNS): Mention[] {
  /** `from`: where the mention's modifiers begin (「の上の青いタオル」: the relation ends there). */
  const mentions: Array<Omit<Mention, 'after'> & { from: number }> = [];
  let pending: Omit<Mention, 'start' | 'end' | 'english' | 'after'> = {
    colors: [],
    attributes: [],
    quantity: 'one',
  };
  let pendingFrom: number | undefined;
  let i = 0;
  while (i < text.length) {
    // 「靴下2つとも」「クレヨン2本」「両方とも」: a count after a thing; two or more is all of them.
    const count = COUNT.exec(text.slice(i));
    const counted = mentions.at(-1);
    if (count && counted && /^(を|は)?$/.test(text.slice(counted.end, i))) {
      counted.quantity = count[3] !== undefined || !/^[1１一]$/.test(count[1] ?? '') ? 'all' : 'one';
      i += count[0].length;
      continue;
    }
    const quantifier = QUANTIFIERS.find((q) => text.startsWith(q, i) && !text.startsWith('全部片', i));
    const color = longestKey(text, i, COLORS);
    const attribute = longestKey(text, i, ATTRIBUTES);
    const size = longestKey(text, i, SIZES);
    const superlative = longestKey(text, i, SUPERLATIVES);
    const ordinal = longestKey(text, i, ORDINALS);
    const noun = longestKey(text, i, nouns);
    const modifierLength = Math.max(
      color?.length ?? 0,
      attribute?.length ?? 0,
      size?.length ?? 0,
      superlative?.length ?? 0,
      ordinal?.length ?? 0,
      quantifier?.length ?? 0,
    );
    // 「食器を全部」: a quantifier right after a thing and its particle is about that thing.
    const previous = mentions.at(-1);
    if (quantifier && previous && /^(を|は|も)?$/.test(text.slice(previous.end, i))) {
      previous.quantity = 'all';
      i += quantifier.length;
      continue;
    }
    // Prefer a noun when it is at least as long as a modifier ("赤" is a colour, "赤い靴" is colour + noun).
    if (noun && noun !== 'の' && noun.length >= modifierLength) {
      mentions.push({
        start: i,
        end: i + noun.length,
        english: nouns[noun]!,
        from: pendingFrom ?? i,
        ...pending,
      });
      pending = { colors: [], attributes: [], quantity: 'one' };
      pendingFrom = undefined;
      i += noun.length;
      continue;
    }
    if (modifierLength > 0) {
      pendingFrom ??= i;
      if (color && color.length === modifierLength) pending.colors.push(COLORS[color]!);
      else if (attribute && attribute.length === modifierLength)
        pending.attributes.push(ATTRIBUTES[attribute]!);
      else if (size && size.length === modifierLength) pending.size = SIZES[size];
      else if (superlative && superlative.length === modifierLength)
        pending.superlative = SUPERLATIVES[superlative];
      else if (ordinal && ordinal.length === modifierLength) pending.ordinal = ORDINALS[ordinal];
      else pending.quantity = 'all';
      i += modifierLength;
      // 「赤いの」「右のやつ」: a modifier followed by a bare の/やつ names an implied "one".
      if (
        text.startsWith('の', i) &&
        !longestKey(text, i + 1, nouns) &&
        !RELATIONS.some(([r]) => r !== 'の' && text.startsWith(r, i))
      ) {
        mentions.push({ start: i, end: i + 1, english: 'one', from: pendingFrom, ...pending });
        pending = { colors: [], attributes: [], quantity: 'one' };
        pendingFrom = undefined;
        i += 1;
      }
      continue;
    }
    i++;
  }
  return mentions.map(({ from: _, ...m }, k) => ({
    ...m,
    after: text.slice(m.end, mentions[k + 1]?.from ?? text.length),
  }));
}

function headFor(
  english: string,
  vocabulary: Vocabulary,
  role: 'object' | 'place' | 'landmark',
): NounPhrase['head'] | undefined {
  if (english === 'thing' || english === 'one') return { kind: 'generic', words: english };
  if (english === 'it' || english === 'them') return { kind: 'pronoun', words: english };
  if (english === 'everything' || english === 'the room') return { kind: 'everything', words: english };
  if (['me', 'mom', 'dad'].includes(english)) return { kind: 'person', words: english };
  const readings = vocabulary.phrases.get(english.replace(/-/g, ' '));
  if (!readings) return undefined;
  if (role === 'place' && readings.furniture.length > 0)
    return { kind: 'furniture', categories: readings.furniture, words: english };
  if (role === 'landmark')
    return { kind: 'category', categories: [...readings.objects, ...readings.furniture], words: english };
  if (readings.objects.length > 0) return { kind: 'category', categories: readings.objects, words: english };
  if (readings.kind) return { kind: 'kind', kindName: readings.kind, words: english };
  return { kind: 'furniture', categories: readings.furniture, words: english };
}

function relationAfter(after: string): RelationName | undefined {
  for (const [suffix, relation] of RELATIONS)
    if (after.startsWith(suffix) && /^(の|にある|に置いてある)?$/.test(after.slice(suffix.length)))
      return relation;
  return undefined;
}

/** Groups mentions into phrases: a mention followed by 「の上の」 etc. modifies the next one. */
/** 「恐竜のおもちゃ」 is a toy dinosaur, not toys near a dinosaur: A の (a kind A belongs to) is A. */
function collapseKindNames(mentions: readonly Mention[], vocabulary: Vocabulary): Mention[] {
  const out: Mention[] = [];
  for (let k = 0; k < mentions.length; k++) {
    const mention = mentions[k]!;
    const next = mentions[k + 1];
    const kind = next ? vocabulary.phrases.get(next.english)?.kind : undefined;
    const categories = vocabulary.phrases.get(mention.english.replace(/-/g, ' '))?.objects ?? [];
    if (
      next &&
      kind &&
      mention.after === 'の' &&
      categories.some((c) => objectCategoryEntry(c).kinds.includes(kind))
    ) {
      out.push({
        ...mention,
        end: next.end,
        after: next.after,
        colors: [...mention.colors, ...next.colors],
        quantity: next.quantity === 'all' ? 'all' : mention.quantity,
      });
      k++;
    } else out.push(mention);
  }
  return out;
}

function phrases(
  found: readonly Mention[],
  vocabulary: Vocabulary,
): Array<{ phrase: NounPhrase; after: string; mention: Mention }> {
  const mentions = collapseKindNames(found, vocabulary);
  const out: Array<{ phrase: NounPhrase; after: string; mention: Mention }> = [];
  let relations: Relation[] = [];
  /** 「AとBを」: A waits to be named with B. */
  let conjoined: NounPhrase[] = [];
  for (const mention of mentions) {
    const relation = relationAfter(mention.after);
    const role = relation
      ? 'landmark'
      : /^(に|へ|の中に|の上に|の下に|の横に|のそばに)/.test(mention.after)
        ? 'place'
        : 'object';
    const head = headFor(mention.english, vocabulary, role);
    if (!head) continue;
    const phrase = nounPhrase(head, {
      colors: mention.colors,
      attributes: mention.attributes,
      ...(mention.size ? { size: mention.size } : {}),
      ...(mention.superlative ? { superlative: mention.superlative } : {}),
      ...(mention.ordinal !== undefined ? { ordinal: mention.ordinal } : {}),
      quantity: mention.quantity,
      relations,
    });
    relations = [];
    if (relation) {
      relations = [{ relation, anchor: phrase, frame: 'speaker' }];
      continue;
    }
    if (mention.after === 'と' && role === 'object') {
      conjoined.push(phrase);
      continue;
    }
    out.push({
      phrase: conjoined.length > 0 ? { ...phrase, and: conjoined } : phrase,
      after: mention.after,
      mention,
    });
    conjoined = [];
  }
  return out;
}

/** Dictionary forms of verbs (from the analyzer) → what they ask for. */
const MOVE_LEMMAS = new Set([
  '入れる',
  'いれる',
  '置く',
  'おく',
  '戻す',
  'もどす',
  '運ぶ',
  '乗せる',
  '載せる',
  '移す',
  'しまう',
  '仕舞う',
  '並べる',
  '捨てる',
  'かける',
  '掛ける',
  '収める',
  '片付ける',
  '片づける',
  'かたづける',
  '直す',
]);
const TIDY_LEMMAS = new Set([
  '片付ける',
  '片づける',
  'かたづける',
  'しまう',
  '仕舞う',
  '直す',
  '整理',
  '掃除',
]);
const BRING_LEMMAS = new Set(['取る', 'とる', '渡す', 'ちょうだい']);
const FIND_LEMMAS = new Set(['探す', 'さがす', '見つける']);
const STOP_LEMMAS = new Set(['止まる', '止める', '待つ', 'やめる', 'ストップ', '停止']);
const RESUME_LEMMAS = new Set(['続ける', '再開']);
/** Verbs that take several things at once: 「クレヨンを並べて」 is all the crayons. */
const PLURAL_LEMMAS = new Set(['並べる']);
/** What may follow a place said last without a verb: 「おもちゃ箱ね」, 「靴箱にお願い」. */
const ELLIPTICAL_PLACE = /^(に|へ|ね|よ|で|まで|にお願い|お願い)/;

const NOUN_KEYS = Object.keys(JAPANESE_NOUNS);

/**
 * The noun table for one utterance: the dictionary, then nouns of two or more characters whose
 * EDICT gloss is a phrase of the vocabulary (花瓶 → vase; one-character nouns are mostly places
 * and relations: 上, 中, 前), then katakana loanwords by their sound (シューズラック).
 */
function nounsFor(analysis: JapaneseAnalysis, vocabulary: Vocabulary): Record<string, string> {
  const nouns: Record<string, string> = { ...JAPANESE_NOUNS };
  const known = (word: string) => nouns[word] !== undefined || RELATIONS.some(([r]) => r.endsWith(word));
  for (const word of analysis.nouns) {
    if (word.length < 2 || known(word) || NOUN_KEYS.some((key) => key.includes(word))) continue;
    const glosses = englishGlosses(word);
    // Else a gloss's head word (軍手: "cotton gloves"), else what the first gloss reads as in
    // English (うさぎ: "rabbit", a toy animal).
    const gloss =
      glosses.find((g) => vocabulary.phrases.has(g)) ??
      glosses.map((g) => g.split(' ').at(-1)!).find((head) => vocabulary.phrases.has(head)) ??
      (glosses[0] && /^[a-z]+$/.test(glosses[0]) ? nounReading(glosses[0], vocabulary) : undefined);
    if (gloss) nouns[word] = gloss;
  }
  for (const word of analysis.katakana) {
    if (known(word)) continue;
    const source = loanwordSource(word, vocabulary.phrases.keys());
    if (source) nouns[word] = source;
  }
  return nouns;
}

export function parseJapanese(text: string, vocabulary: Vocabulary): ParsedInstruction {
  if (text.replace(/[\s　、。！!？?「」]/g, '').length === 0) return { intent: 'none', reason: 'empty' };
  if (text.length > 200) return { intent: 'none', reason: 'too_long' };
  const analysis = analyzeJapanese(text, NOUN_KEYS);
  const normalized = analysis.text.replace(/[\s　、。！!？?「」]/g, '');
  const lemma = (set: ReadonlySet<string>) => analysis.lemmas.some((l) => set.has(l));
  // 持っていって is taking something somewhere; 持ってきて is bringing it here.
  const takeAway = /持つてい[くっ]/.test(analysis.lemmas.join(''));
  if (UNSAFE.test(normalized)) return { intent: 'none', reason: 'unsafe' };
  if (STOP.test(normalized)) return { intent: 'stop' };
  if (/(どのくらい|何個|あといくつ|進み具合)/.test(normalized)) return { intent: 'none', reason: 'progress' };
  const nouns = nounsFor(analysis, vocabulary);
  const found = phrases(findMentions(normalized, nouns), vocabulary);
  const objectPhrases = found.filter((f) => f.phrase.head.kind !== 'person');
  if ((RESUME.test(normalized) || lemma(RESUME_LEMMAS)) && objectPhrases.length === 0)
    return { intent: 'resume' };
  if (lemma(STOP_LEMMAS) && objectPhrases.length === 0) return { intent: 'stop' };
  if (OUT_OF_DOMAIN.test(normalized) && objectPhrases.length === 0)
    return { intent: 'none', reason: 'out_of_domain' };
  const byParticle = (pattern: RegExp) => objectPhrases.find((f) => pattern.test(f.after));
  const targetEntry =
    byParticle(/^(を|は|も|って|$)/) ?? objectPhrases.find((f) => !/^(に|へ)/.test(f.after));
  const isPlace = (f: (typeof objectPhrases)[number]) =>
    headFor(f.mention.english, vocabulary, 'place')?.kind === 'furniture';
  const destinationEntry =
    objectPhrases.find((f) => f !== targetEntry && /^(に|へ|の中に|の上に|の下に)/.test(f.after)) ??
    objectPhrases.find(
      (f, k) =>
        f !== targetEntry && k === objectPhrases.length - 1 && ELLIPTICAL_PLACE.test(f.after) && isPlace(f),
    );
  const target = targetEntry?.phrase;
  const destinationPhrase = destinationEntry
    ? {
        ...destinationEntry.phrase,
        head: headFor(destinationEntry.mention.english, vocabulary, 'place') ?? destinationEntry.phrase.head,
      }
    : undefined;
  const withAll = (phrase: NounPhrase): NounPhrase => ({ ...phrase, quantity: 'all' });
  const move = MOVE.test(normalized) || lemma(MOVE_LEMMAS) || takeAway;
  const tidy = TIDY.test(normalized) || lemma(TIDY_LEMMAS);
  const intent = ((): Intent => {
    if (FIND.test(normalized) || lemma(FIND_LEMMAS)) return 'find';
    if ((BRING.test(normalized) || lemma(BRING_LEMMAS)) && !takeAway) return 'bring';
    if (SET_RULE.test(normalized) && target && destinationPhrase) return 'set_rule';
    if (PRIORITIZE.test(normalized) && target) return 'prioritize';
    // A place makes it a move whatever the verb (片付けて, 捨てて), or with none: 「靴下を洗濯かごに」.
    if (target && destinationPhrase) return 'move';
    if (tidy) return !target || target.head.kind === 'everything' ? 'tidy_all' : 'tidy';
    if (move && target) return 'move';
    return 'none';
  })();
  switch (intent) {
    case 'none':
      return { intent, reason: 'not_understood' };
    case 'tidy_all':
      return { intent };
    case 'find':
      return target ? { intent, target } : { intent: 'none', reason: 'not_understood' };
    case 'tidy':
      if (!target) return { intent: 'none', reason: 'not_understood' };
      return { intent, target: target.head.kind === 'furniture' ? everythingOn(target) : withAll(target) };
    case 'prioritize':
      return target ? { intent, target: withAll(target) } : { intent: 'none', reason: 'not_understood' };
    case 'set_rule':
      return { intent, target: withAll(target!), destination: destinationPhrase! };
    case 'bring': {
      if (!target) return { intent: 'none', reason: 'not_understood' };
      const person = found.find((f) => f.phrase.head.kind === 'person');
      const to = destinationPhrase ?? person?.phrase;
      return { intent, target, ...(to ? { destination: to } : {}) };
    }
    case 'move': {
      // 「靴を下駄箱に片付けて」: a bare noun put away or lined up is all of them.
      const bare =
        target!.colors.length + target!.attributes.length + target!.relations.length === 0 &&
        target!.size === undefined &&
        target!.superlative === undefined &&
        target!.ordinal === undefined;
      const moved = lemma(PLURAL_LEMMAS) || (tidy && bare) ? withAll(target!) : target!;
      return { intent, target: moved, ...(destinationPhrase ? { destination: destinationPhrase } : {}) };
    }
    default:
      return { intent };
  }
}

/** 「左」「大きい」「緑」: a modifier said alone names the one it fits. */
function modifierAlone(word: string): NounPhrase | undefined {
  const one = { kind: 'generic', words: 'one' } as const;
  const key = (table: Readonly<Record<string, unknown>>) =>
    table[word] !== undefined ? word : table[`${word}の`] !== undefined ? `${word}の` : undefined;
  const color = key(COLORS);
  if (color) return nounPhrase(one, { colors: [COLORS[color]!] });
  const size = key(SIZES);
  if (size) return nounPhrase(one, { size: SIZES[size]! });
  const superlative = key(SUPERLATIVES);
  if (superlative) return nounPhrase(one, { superlative: SUPERLATIVES[superlative]! });
  const ordinal = key(ORDINALS);
  if (ordinal) return nounPhrase(one, { ordinal: ORDINALS[ordinal]! });
  return undefined;
}

/** An answer to "which one?": 「ソファの近くの」, 「赤いの」, 「右のやつ」, 「両方」. */
export function parseJapaneseReference(text: string, vocabulary: Vocabulary): NounPhrase | undefined {
  const normalized = text
    .replace(/[\s　、。！!？?「」]/g, '')
    .replace(/(です|だよ)$/, '')
    .replace(/(?<!両)の?(ほう|方)$/, '');
  if (/(両方|どっちも|全部)/.test(normalized))
    return nounPhrase({ kind: 'generic', words: 'both' }, { quantity: 'all' });
  const alone = modifierAlone(normalized.replace(/(の|やつ)$/, ''));
  if (alone) return alone;
  const mentions = findMentions(`${normalized}${/(の|やつ)$/.test(normalized) ? '' : 'の'}`);
  const found = phrases(mentions, vocabulary);
  if (found.length > 0) return found[0]!.phrase;
  // 「ソファの近くの」: a landmark with a relation and no head.
  const landmark = mentions[0];
  const relation = landmark ? relationAfter(landmark.after) : undefined;
  const anchorHead = landmark ? headFor(landmark.english, vocabulary, 'landmark') : undefined;
  if (landmark && relation && anchorHead)
    return nounPhrase(
      { kind: 'generic', words: 'one' },
      { relations: [{ relation, anchor: nounPhrase(anchorHead), frame: 'speaker' }] },
    );
  return undefined;
}
