/**
 * Multi-turn grounding: an utterance becomes an intent with resolved targets and destination,
 * or a question when the best candidate does not beat the second by a margin. The next turn
 * may answer that question ("the one by the sofa", "the red one", "the second", "both"),
 * cancel it ("never mind") or give a new instruction. When nothing matches, the robot says
 * so and does nothing; unsafe and out-of-domain requests are refused politely.
 */
import {
  describeEntity,
  capitalize,
  furnitureName,
  nounFor,
  progressReport,
  whereIs,
  whichQuestion,
} from './describe.ts';
import type { Intent, NounPhrase, ParsedInstruction } from './instruction.ts';
import { nounPhrase } from './instruction.ts';
import { pluralOf } from './lexicon.ts';
import { parseEnglish } from './parseEnglish.ts';
import { parseJapanese } from './parseJapanese.ts';
import { resolvePhrase, resolveWithConjuncts, type Resolution } from './resolve.ts';
import type { Scene, SceneObject } from './scene.ts';
import type { Entity } from './spatial.ts';
import { buildVocabulary, type Vocabulary } from './vocabulary.ts';
import { parseReferenceAnswer, isCancel, looksLikeCommand } from './answers.ts';

export type Language = 'en' | 'ja';

export interface GroundingResult {
  readonly intent: Intent;
  readonly targets: string[];
  /** Furniture id, or null (none given, or a person for `bring`). */
  readonly destination: string | null;
  readonly question: string | null;
  readonly reply: string;
  readonly status: 'done' | 'asking' | 'refused' | 'not_found' | 'not_understood';
}

interface Pending {
  readonly parsed: ParsedInstruction;
  readonly stage: 'target' | 'destination';
  readonly candidates: Entity[];
  readonly noun: string;
  readonly targets?: Entity[];
  /** Things named with the one asked about and already resolved ("the pencil and the pen"). */
  readonly along?: readonly Entity[];
  readonly asked: number;
}

const MAX_QUESTIONS_PER_REFERENCE = 2;

const REASON_REPLIES: Record<NonNullable<ParsedInstruction['reason']>, string> = {
  unsafe: "Sorry, I can't do that: it could hurt someone or break something.",
  out_of_domain:
    'Sorry, I can only help with tidying up: putting things away, bringing things, and telling you where things are.',
  not_understood:
    "Sorry, I didn't understand that. You could say, for example, 'put the socks in the laundry basket'.",
  empty: "I didn't hear anything. Could you say that again?",
  too_long: 'That was too long for me. Please tell me one thing at a time.',
  progress: '',
};

export class Grounder {
  readonly vocabulary: Vocabulary;
  #pending: Pending | undefined;
  #previous: Entity[] = [];

  constructor(
    readonly scene: Scene,
    readonly language: Language = 'en',
  ) {
    this.vocabulary = buildVocabulary(scene);
  }

  get pendingQuestion(): boolean {
    return this.#pending !== undefined;
  }

  parse(text: string): ParsedInstruction {
    return this.language === 'ja'
      ? parseJapanese(text, this.vocabulary)
      : parseEnglish(text, this.vocabulary);
  }

  turn(text: string): GroundingResult {
    const pending = this.#pending;
    if (pending) {
      if (isCancel(text, this.language)) {
        this.#pending = undefined;
        return this.#result('none', [], null, null, 'OK, never mind.', 'done');
      }
      if (!looksLikeCommand(text, this.language)) return this.#answer(pending, text);
      this.#pending = undefined;
    }
    return this.#instruction(this.parse(text));
  }

  /**
   * Grounds one utterance heard several ways (a recognizer's readings, best first): the first
   * reading that names things in this scene and asks for something the robot does wins; then
   * the first it refuses (a misheard "take" is often "break"); when none, the first.
   * Returns the result and the reading it came from.
   */
  turnReadings(readings: readonly string[]): GroundingResult & { readonly reading: string } {
    const pending = this.#pending;
    const previous = this.#previous;
    let refused: string | undefined;
    for (const reading of readings) {
      const result = this.turn(reading);
      if (result.status === 'done' || result.status === 'asking') return { ...result, reading };
      if (result.status === 'refused') refused ??= reading;
      this.#pending = pending;
      this.#previous = previous;
    }
    const reading = refused ?? readings[0] ?? '';
    return { ...this.turn(reading), reading };
  }

  #context() {
    return { scene: this.scene, previous: this.#previous };
  }

  #result(
    intent: Intent,
    targets: Entity[],
    destination: string | null,
    question: string | null,
    reply: string,
    status: GroundingResult['status'],
  ): GroundingResult {
    return { intent, targets: targets.map((t) => t.value.id), destination, question, reply, status };
  }

  #ask(pending: Pending): GroundingResult {
    this.#pending = pending;
    const question = whichQuestion(pending.candidates, this.scene, pending.noun);
    return this.#result(pending.parsed.intent, pending.targets ?? [], null, question, question, 'asking');
  }

  #answer(pending: Pending, text: string): GroundingResult {
    const phrase = parseReferenceAnswer(text, this.vocabulary, this.language);
    if (!phrase) return this.#ask({ ...pending, asked: pending.asked + 1 });
    const resolution = resolvePhrase(
      phrase,
      this.#context(),
      pending.stage === 'target' ? 'objects' : 'furniture',
      pending.candidates,
    );
    if (resolution.status === 'resolved') {
      this.#pending = undefined;
      return pending.stage === 'target'
        ? this.#withTargets(pending.parsed, [...(pending.along ?? []), ...resolution.entities])
        : this.#finish(pending.parsed, pending.targets ?? [], resolution.entities[0]!);
    }
    if (resolution.status === 'ambiguous' && pending.asked < MAX_QUESTIONS_PER_REFERENCE)
      return this.#ask({ ...pending, candidates: resolution.candidates, asked: pending.asked + 1 });
    if (pending.asked < MAX_QUESTIONS_PER_REFERENCE)
      return this.#ask({ ...pending, asked: pending.asked + 1 });
    this.#pending = undefined;
    return this.#result(
      'none',
      [],
      null,
      null,
      "Sorry, I still don't know which one you mean, so I'll leave it for now.",
      'not_understood',
    );
  }

  #instruction(parsed: ParsedInstruction): GroundingResult {
    switch (parsed.intent) {
      case 'none':
        if (parsed.reason === 'progress')
          return this.#result('none', [], null, null, progressReport(this.scene), 'done');
        return this.#result(
          'none',
          [],
          null,
          null,
          REASON_REPLIES[parsed.reason ?? 'not_understood'],
          parsed.reason === 'unsafe' || parsed.reason === 'out_of_domain' ? 'refused' : 'not_understood',
        );
      case 'stop':
        return this.#result('stop', [], null, null, 'Stopping.', 'done');
      case 'resume':
        return this.#result('resume', [], null, null, 'Resuming.', 'done');
      case 'tidy_all':
        return this.#result('tidy_all', [], null, null, 'OK, I will tidy up everything.', 'done');
      case 'tidy':
      case 'prioritize':
      case 'find':
      case 'set_rule':
      case 'move':
      case 'bring':
        break;
    }
    const target = parsed.target;
    if (!target) return this.#result('none', [], null, null, REASON_REPLIES.not_understood, 'not_understood');
    if (parsed.intent === 'set_rule') return this.#setRule(parsed, target);
    const resolution = resolveWithConjuncts(target, this.#context(), 'objects');
    return this.#afterTarget(parsed, target, resolution);
  }

  #afterTarget(parsed: ParsedInstruction, target: NounPhrase, resolution: Resolution): GroundingResult {
    switch (resolution.status) {
      case 'unbound':
        return this.#result(
          'none',
          [],
          null,
          null,
          `Sorry, I don't know what '${target.head.words}' means here. Which thing do you mean?`,
          'not_understood',
        );
      case 'none':
        return this.#result(
          parsed.intent === 'find' ? 'find' : 'none',
          [],
          null,
          null,
          `I can't see any ${this.#plural(target)}.`,
          'not_found',
        );
      case 'ambiguous':
        return this.#ask({
          parsed,
          stage: 'target',
          candidates: resolution.candidates,
          noun: this.#singular(target, resolution.candidates),
          ...(resolution.along ? { along: resolution.along } : {}),
          asked: 0,
        });
      case 'resolved':
        return this.#withTargets(parsed, resolution.entities);
    }
  }

  #withTargets(parsed: ParsedInstruction, targets: Entity[]): GroundingResult {
    this.#previous = targets;
    const objects = targets
      .filter((t): t is Extract<Entity, { kind: 'object' }> => t.kind === 'object')
      .map((t) => t.value);
    const noun = this.#nounOf(objects, parsed.target);
    switch (parsed.intent) {
      case 'find':
        return this.#result('find', targets, null, null, whereIs(objects, this.scene, noun), 'done');
      case 'tidy':
        return this.#result('tidy', targets, null, null, `OK, I will put away the ${noun}.`, 'done');
      case 'prioritize':
        return this.#result('prioritize', targets, null, null, `OK, I will do the ${noun} first.`, 'done');
      default:
        break;
    }
    const destination = parsed.destination;
    if (!destination || destination.head.kind === 'person') return this.#finish(parsed, targets, undefined);
    const resolution = resolvePhrase(destination, { scene: this.scene, previous: [] }, 'furniture');
    switch (resolution.status) {
      case 'resolved':
        return this.#finish(parsed, targets, resolution.entities[0]!);
      case 'ambiguous':
        return this.#ask({
          parsed,
          stage: 'destination',
          candidates: resolution.candidates,
          noun: destination.head.words,
          targets,
          asked: 0,
        });
      case 'none':
      case 'unbound':
        return this.#result(
          'none',
          [],
          null,
          null,
          `I can't see any ${this.#plural(destination)} to put it in.`,
          'not_found',
        );
    }
  }

  #finish(parsed: ParsedInstruction, targets: Entity[], destination: Entity | undefined): GroundingResult {
    this.#previous = targets;
    const what =
      targets.length === 1
        ? describeEntity(targets[0]!, this.scene)
        : `the ${this.#nounOf(targets.map((t) => t.value as SceneObject))}`;
    const where = destination
      ? ` ${destination.kind === 'furniture' ? preposition(destination) : 'near'} the ${destination.kind === 'furniture' ? furnitureName(destination.value) : destination.value.category}`
      : '';
    const destinationId = destination?.value.id ?? null;
    if (parsed.intent === 'bring') {
      const to = destination ? where : ' to you';
      return this.#result(
        'bring',
        targets,
        destinationId,
        null,
        capitalize(`OK, I will bring ${what}${to}.`),
        'done',
      );
    }
    return this.#result(
      'move',
      targets,
      destinationId,
      null,
      capitalize(`OK, I will put ${what}${destination ? where : ' where it belongs'}.`),
      'done',
    );
  }

  #setRule(parsed: ParsedInstruction, target: NounPhrase): GroundingResult {
    const destination = parsed.destination!;
    const resolution = resolvePhrase(destination, { scene: this.scene, previous: [] }, 'furniture');
    const matching = resolveWithConjuncts(
      { ...target, quantity: 'all', and: (target.and ?? []).map((p) => ({ ...p, quantity: 'all' })) },
      this.#context(),
      'objects',
    );
    const targets = matching.status === 'resolved' ? matching.entities : [];
    if (resolution.status === 'ambiguous')
      return this.#ask({
        parsed,
        stage: 'destination',
        candidates: resolution.candidates,
        noun: destination.head.words,
        targets,
        asked: 0,
      });
    if (resolution.status !== 'resolved')
      return this.#result(
        'none',
        [],
        null,
        null,
        `I can't see any ${this.#plural(destination)}.`,
        'not_found',
      );
    const place = resolution.entities[0]!;
    return this.#result(
      'set_rule',
      targets,
      place.value.id,
      null,
      `OK, from now on ${this.#plural(target)} go ${preposition(place)} the ${place.kind === 'furniture' ? furnitureName(place.value) : place.value.category}.`,
      'done',
    );
  }

  #plural(phrase: NounPhrase): string {
    const words = phrase.head.words;
    return phrase.quantity === 'all' || words.endsWith('s') ? words : pluralOf(words);
  }

  #singular(phrase: NounPhrase, candidates: Entity[]): string {
    const categories = [...new Set(candidates.map((c) => c.value.category))];
    return categories.length === 1 ? categories[0]! : phrase.head.words;
  }

  /** The category name, or (for mixed categories) the words the speaker used ("toys"). */
  #nounOf(objects: readonly SceneObject[], phrase?: NounPhrase): string {
    const categories = [...new Set(objects.map((o) => o.category))];
    if (
      categories.length > 1 &&
      phrase &&
      phrase.head.kind !== 'generic' &&
      phrase.head.kind !== 'everything'
    )
      return this.#plural(phrase);
    return nounFor(categories, objects.length > 1);
  }
}

function preposition(place: Entity): string {
  const category = place.value.category;
  return /box|basket|bin|can|drawer|cabinet|sink|chest/.test(category) ? 'in' : 'on';
}

export { nounPhrase };
