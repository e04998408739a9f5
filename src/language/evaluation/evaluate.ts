/**
 * Runs evaluation episodes through a grounder (typed text, or any other first-utterance source
 * such as speech recognition) with the simulated speaker answering questions, and scores them:
 * intent accuracy, target accuracy on the first turn and after clarification, destination
 * accuracy, clarifications per instruction and end-to-end success.
 */
import { Grounder, type GroundingResult } from '../Grounder.ts';
import type { Episode } from './episodes.ts';

export const MAX_ANSWERS = 2;

export interface Outcome {
  readonly episode: Episode;
  readonly first: GroundingResult;
  readonly final: GroundingResult;
  readonly questions: number;
}

/** `say` turns what the speaker means into what the grounder receives (identity for text, ASR for voice). */
export async function runEpisode(
  episode: Episode,
  /** What the robot heard: the text, or a recognizer's readings of it (best first). */
  firstUtterance: string | readonly string[],
  answer: (question: string) => string,
  say: (text: string) => Promise<string | readonly string[]> = async (text) => text,
): Promise<Outcome> {
  const grounder = new Grounder(episode.scene, 'en');
  const readings = (heard: string | readonly string[]) => (typeof heard === 'string' ? [heard] : heard);
  const first = grounder.turnReadings(readings(firstUtterance));
  let final = first;
  let questions = 0;
  while (final.status === 'asking' && questions < MAX_ANSWERS + 1) {
    questions++;
    if (questions > MAX_ANSWERS) break;
    final = grounder.turnReadings(readings(await say(answer(final.question ?? ''))));
  }
  return { episode, first, final, questions };
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  const x = [...a].sort();
  const y = [...b].sort();
  return x.length === y.length && x.every((id, i) => id === y[i]);
}

export interface Metrics {
  readonly episodes: number;
  readonly intentAccuracy: number;
  readonly targetAccuracyFirstTurn: number;
  readonly targetAccuracy: number;
  readonly destinationAccuracy: number;
  readonly clarificationsPerInstruction: number;
  readonly endToEnd: number;
}

export function isEndToEnd(outcome: Outcome): boolean {
  const { gold } = outcome.episode;
  const { final } = outcome;
  if (final.status === 'asking' || final.intent !== gold.intent) return false;
  if (gold.intent === 'none') return final.targets.length === 0;
  if (!sameIds(final.targets, gold.targets)) return false;
  return gold.destination === null || final.destination === gold.destination;
}

export function score(outcomes: readonly Outcome[]): Metrics {
  const withTargets = outcomes.filter((o) => o.episode.gold.targets.length > 0);
  const withDestination = outcomes.filter((o) => o.episode.gold.destination !== null);
  const rate = (list: readonly Outcome[], ok: (o: Outcome) => boolean) =>
    list.length === 0 ? NaN : list.filter(ok).length / list.length;
  return {
    episodes: outcomes.length,
    intentAccuracy: rate(outcomes, (o) => o.final.intent === o.episode.gold.intent),
    targetAccuracyFirstTurn: rate(
      withTargets,
      (o) => o.first.status !== 'asking' && sameIds(o.first.targets, o.episode.gold.targets),
    ),
    targetAccuracy: rate(
      withTargets,
      (o) => o.final.status !== 'asking' && sameIds(o.final.targets, o.episode.gold.targets),
    ),
    destinationAccuracy: rate(withDestination, (o) => o.final.destination === o.episode.gold.destination),
    clarificationsPerInstruction:
      outcomes.reduce((sum, o) => sum + o.questions, 0) / Math.max(1, outcomes.length),
    endToEnd: rate(outcomes, isEndToEnd),
  };
}

/** Word error rate of `hypothesis` against `reference` (Levenshtein over words / reference words). */
export function wordErrors(reference: string, hypothesis: string): { errors: number; words: number } {
  const ref = reference.split(/\s+/).filter(Boolean);
  const hyp = hypothesis.split(/\s+/).filter(Boolean);
  let previous = Array.from({ length: hyp.length + 1 }, (_, j) => j);
  for (let i = 1; i <= ref.length; i++) {
    const current = [i];
    for (let j = 1; j <= hyp.length; j++)
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (ref[i - 1] === hyp[j - 1] ? 0 : 1),
      );
    previous = current;
  }
  return { errors: previous[hyp.length]!, words: ref.length };
}
