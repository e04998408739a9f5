/**
 * The language-independent meaning of an instruction: an intent and references to objects
 * and places, as the English and Japanese parsers produce it and the grounder resolves it.
 */
import type { RelationName, Superlative } from './lexicon.ts';
import type { SizeClass } from './scene.ts';

export const INTENTS = [
  'tidy_all',
  'tidy',
  'move',
  'bring',
  'find',
  'stop',
  'resume',
  'prioritize',
  'set_rule',
  'none',
] as const;
export type Intent = (typeof INTENTS)[number];

export type Head =
  | { readonly kind: 'category'; readonly categories: readonly string[]; readonly words: string }
  | { readonly kind: 'kind'; readonly kindName: string; readonly words: string }
  | { readonly kind: 'furniture'; readonly categories: readonly string[]; readonly words: string }
  /** "thing", "one", "stuff": no category constraint. */
  | { readonly kind: 'generic'; readonly words: string }
  /** "it", "them", "that": the last thing talked about. */
  | { readonly kind: 'pronoun'; readonly words: string }
  | { readonly kind: 'everything'; readonly words: string }
  /** "me", "mom": a person to bring something to. */
  | { readonly kind: 'person'; readonly words: string };

export interface Relation {
  readonly relation: RelationName;
  readonly anchor: NounPhrase;
  /** Whose left and right: the speaker's (default) or the robot's. */
  readonly frame: 'speaker' | 'robot';
}

export interface NounPhrase {
  readonly head: Head;
  readonly colors: readonly string[];
  readonly size?: SizeClass;
  readonly attributes: readonly string[];
  readonly ordinal?: number;
  readonly superlative?: Superlative;
  readonly quantity: 'one' | 'all';
  readonly relations: readonly Relation[];
  /** Things named with it: "the mug and the bowl". */
  readonly and?: readonly NounPhrase[];
}

export interface ParsedInstruction {
  readonly intent: Intent;
  readonly target?: NounPhrase;
  readonly destination?: NounPhrase;
  /** For intent none: why (refused as unsafe, out of the domain, not understood, empty, too long). */
  readonly reason?: 'unsafe' | 'out_of_domain' | 'not_understood' | 'empty' | 'too_long' | 'progress';
}

export function nounPhrase(head: Head, extra: Partial<Omit<NounPhrase, 'head'>> = {}): NounPhrase {
  return { head, colors: [], attributes: [], quantity: 'one', relations: [], ...extra };
}

/** "tidy up the desk", 「机の上を片付けて」: everything on (or in) a piece of furniture. */
export function everythingOn(place: NounPhrase): NounPhrase {
  return nounPhrase(
    { kind: 'everything', words: `on ${place.head.words}` },
    {
      quantity: 'all',
      relations: [{ relation: 'on', anchor: { ...place, quantity: 'one' }, frame: 'speaker' }],
    },
  );
}
