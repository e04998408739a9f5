/**
 * A JSGF grammar for the speech recognizer, generated from the current world's vocabulary:
 * structured commands, questions, rules and answers over the scene's object categories,
 * furniture, colours and the lexicon's verbs. A generic language model mishears domain words;
 * a world-specific grammar does not. (A weighted loop over all words, tried as a fallback for
 * loose phrasing, made pocketsphinx 0.8 prefer word salad over the structured paths.)
 */
import {
  ATTRIBUTE_WORDS,
  COLOR_WORDS,
  OBJECT_CATEGORIES,
  ORDINAL_WORDS,
  SIZE_WORDS,
  SUPERLATIVE_WORDS,
  pluralOf,
} from './lexicon.ts';
import { pruneVoidRules } from './pruneVoidRules.ts';
import type { Scene } from './scene.ts';
import type { Vocabulary } from './vocabulary.ts';

function alternatives(phrases: Iterable<string>): string {
  const unique = [
    ...new Set(
      [...phrases]
        .map((p) =>
          p
            .toLowerCase()
            .replace(/[^a-z' ]/g, ' ')
            .replace(/\s+/g, ' ')
            .trim(),
        )
        .filter(Boolean),
    ),
  ].sort();
  return unique.length > 0 ? unique.join(' | ') : '<VOID>';
}

export interface SpeechGrammar {
  readonly jsgf: string;
  /** For answering the robot's question: references and control words only. */
  readonly answerJsgf: string;
  /** Every word the grammar uses (each needs a pronunciation). */
  readonly words: string[];
}

/**
 * With a scene, the grammar holds only what is in it (its categories with their synonyms and
 * kinds, its furniture, the colours and attributes its objects have): the smaller the
 * grammar, the fewer confusions. Without one, the whole lexicon.
 */
export function buildSpeechGrammar(vocabulary: Vocabulary, scene?: Scene): SpeechGrammar {
  const present = scene ? new Set(scene.objects.map((o) => o.category)) : undefined;
  const presentFurniture = scene ? new Set(scene.furniture.map((f) => f.category)) : undefined;
  const presentKinds = new Set([...(present ?? [])].flatMap((c) => OBJECT_CATEGORIES[c]?.kinds ?? []));
  const objectPhrases: string[] = [];
  const furniturePhrases: string[] = [];
  const kindPhrases: string[] = [];
  const runTogether = new Set(
    [...vocabulary.phrases.keys()].filter((p) => p.includes(' ')).map((p) => p.replace(/ /g, '')),
  );
  for (const [phrase, readings] of vocabulary.phrases) {
    if (runTogether.has(phrase)) continue;
    if (readings.objects.some((c) => !present || present.has(c))) objectPhrases.push(phrase);
    if (readings.furniture.some((c) => !presentFurniture || presentFurniture.has(c)))
      furniturePhrases.push(phrase);
    // Kinds are said in the plural ("the toys"); a singular "toy" mostly competes with "toy box".
    const singularOfKind = vocabulary.phrases.get(`${phrase}s`)?.kind === readings.kind;
    if (readings.kind && !singularOfKind && (!scene || presentKinds.has(readings.kind)))
      kindPhrases.push(phrase);
  }
  const colorWords = scene
    ? Object.keys(COLOR_WORDS).filter(
        (w) => scene.objects.some((o) => o.colors.includes(COLOR_WORDS[w]!)) && w === COLOR_WORDS[w],
      )
    : Object.keys(COLOR_WORDS);
  const objectAttributes = new Set(
    scene?.objects.flatMap((o) => [
      ...(o.attributes ?? []),
      ...(OBJECT_CATEGORIES[o.category]?.attributes ?? []),
    ]) ?? [],
  );
  const attributeWords = Object.keys(ATTRIBUTE_WORDS).filter(
    (w) => !scene || (objectAttributes.has(ATTRIBUTE_WORDS[w]!) && w === ATTRIBUTE_WORDS[w]),
  );
  // With a scene, object references are only the combinations that exist there ("red cup" if
  // there is a red cup): far fewer paths than any colour with any noun, so fewer mishearings.
  const sizeWords: Record<string, string[]> = {
    small: ['small', 'little'],
    medium: [],
    large: ['big', 'large'],
  };
  const objectReferences = scene
    ? scene.objects.flatMap((object) => {
        const nouns = objectPhrases.filter((phrase) =>
          vocabulary.phrases.get(phrase)!.objects.includes(object.category),
        );
        const color = object.colors[0];
        const sizes = object.size ? (sizeWords[object.size] ?? []) : [];
        const attributes = [
          ...(object.attributes ?? []),
          ...(OBJECT_CATEGORIES[object.category]?.attributes ?? []),
        ].filter((a) => attributeWords.includes(a));
        const modifiers = [
          '',
          ...(color ? [color] : []),
          ...sizes,
          ...sizes.flatMap((size) => (color ? [`${size} ${color}`] : [])),
          ...attributes.map((a) => (a === 'holes' ? '' : a)),
          ...attributes.filter((a) => a !== 'holes').flatMap((a) => (color ? [`${color} ${a}`] : [])),
        ];
        const withHoles = attributes.includes('holes') ? nouns.map((n) => `${n} with holes`) : [];
        return [...nouns.flatMap((n) => modifiers.map((m) => (m ? `${m} ${n}` : n))), ...withHoles];
      })
    : undefined;
  // Few optional slots and few determiners: every extra path is a chance to mishear.
  const rules: Record<string, string> = {
    utterance: '[<lead>] (<command> | <question> | <rule> | <control> | <refused>) [<tail>]',
    // "uh can you ...", "hey robot could you ...": a filler or address, then a polite frame.
    lead: '(okay | ok | ok so | uh | um | hey robot | robot) [please | can you | could you] | please | can you | could you',
    tail: 'please | first | now | for me | thanks',
    control:
      'stop | stop it | stop stop | wait | hold on | resume | continue | ok continue | keep going | you can carry on | carry on | never mind | cancel',
    command:
      '(tidy | clean) up [<group> | everything | the room | this mess] | tidy up everything | (put | putting) away <np> | (pick | picking) up <np> | ' +
      '(put | putting | move | take | place) <np> [back] <prep> [the] <furniture> | (bring | give | hand | get) me <np> | bring <np> to me | ' +
      '(start | begin) with <group> | do <group> first',
    group: '[all] the <noun> | <noun>',
    question:
      '(where is | where are | where did you put | find | have you seen) <np> | how is it going | how many are left',
    // A rule names a group: "the socks", "socks", "toys" ("can go ..." is "can you ...").
    rule: '(the <noun> | <plural> | <kind>) [always] (go | goes | belong) <prep> [the] <furniture> | from now on put [the] <noun> <prep> [the] <furniture>',
    answer:
      'the [<mod>] one [<rel> the (<objref> | <furniture>)] | the <ordinal> [one] | <mod> | both | the <objref> [<rel> the (<objref> | <furniture>)] | the <furniture>',
    np: '([the | my | all the] | the <ordinal>) <objref> [<rel> the (<furniture> | <objref>)] | [all] [the] <kind> | the [<mod>] (thing | one) [<rel> the <furniture>] | it | them',
    objref: objectReferences ? alternatives(objectReferences) : '[<mod>] <noun>',
    refused:
      'throw <np> at the (window | cat | <furniture>) | break <np> | hit the cat with <np> | put <np> in the oven | ' +
      'what is the weather like | cook dinner [for me] | play some music | tell me a joke | call my mom',
    mod: '<color> | <size> | <attribute> | <color> <attribute> | <size> <color>',
    prep: 'in | into | inside | on | onto | under | next to | by | to',
    rel: 'on | in | under | near | next to | by | behind | on the left of | on the right of',
    ordinal: alternatives([
      ...Object.keys(ORDINAL_WORDS).filter((w) => /^[a-z]+$/.test(w)),
      ...Object.keys(SUPERLATIVE_WORDS),
      'left',
      'right',
    ]),
    color: alternatives(colorWords),
    size: alternatives(Object.keys(SIZE_WORDS)),
    attribute: alternatives([
      ...attributeWords.filter((w) => w !== 'holes'),
      ...(attributeWords.includes('holes') ? ['with holes'] : []),
    ]),
    noun: alternatives([...objectPhrases, ...kindPhrases]),
    kind: alternatives(kindPhrases),
    plural: alternatives(
      objectPhrases.filter((p) => objectPhrases.some((q) => q !== p && pluralOf(q) === p)),
    ),
    furniture: alternatives(furniturePhrases),
  };
  const words = new Set<string>();
  for (const body of Object.values(rules)) {
    for (const token of body.replace(/<[a-z]+>|\/\d+\/|[()[\]|+]/g, ' ').split(/\s+/))
      if (/^[a-z']+$/.test(token)) words.add(token);
  }
  const render = (utterance: string) => {
    const lines = ['#JSGF V1.0;', 'grammar katazuke;', `public <utterance> = ${utterance};`];
    for (const [name, body] of Object.entries(rules))
      if (name !== 'utterance') lines.push(`<${name}> = ${body};`);
    return `${lines.join('\n')}\n`;
  };
  return {
    jsgf: pruneVoidRules(render(rules.utterance!)),
    answerJsgf: pruneVoidRules(render('[<lead>] (<answer> | <control>) [<tail>]')),
    words: [...words].sort(),
  };
}
