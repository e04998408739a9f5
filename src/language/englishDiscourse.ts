/**
 * Rewrites of how people actually talk into the plain order the English parser reads, on
 * normalized tokens where ',' marks a pause (comma, dash, colon, full stop):
 * - self-corrections drop what was taken back: "the red, no, the white cup" → "the white cup";
 * - negations drop what is excluded, lending its noun to a following "one": "not the big ball,
 *   the small one" → "the small ball";
 * - relative clauses that only locate a thing drop their verb: "the mug that is sitting on the
 *   desk" → "the mug on the desk";
 * - a thing named first and then taken up by "it" moves into its place: "the sock on the left,
 *   put it in the basket" → "put the sock on the left in the basket";
 * - an appositive "one" refines the noun before it: "my book, the green one" → "the green book";
 * - a first or last segment that only names furniture is where things go: "blue towel, hamper".
 */

/** Length of the noun head (vocabulary phrase or "one"/"thing"…) starting at a token, or 0. */
export type HeadAt = (tokens: readonly string[], at: number) => number;

const DETERMINERS = new Set(['the', 'a', 'an', 'my', 'this', 'that', 'your', 'our', 'his', 'her', 'their']);
const CORRECTIONS = [['no'], ['sorry'], ['i', 'mean'], ['actually'], ['rather'], ['oops'], ['wait']];
const RELATIVE_PRONOUNS = new Set(['that', 'which', 'who']);
const AUXILIARIES = new Set(['is', 'are', 'was', 'were', 'i', 'you', 'we', 'he', 'she', 'they', 'someone']);
const LOCATING_VERBS = new Set([
  'sitting',
  'lying',
  'laying',
  'standing',
  'left',
  'kept',
  'sat',
  'lay',
  'put',
  'placed',
  'dropped',
  'thrown',
  'stuck',
  'hanging',
  'resting',
  'stored',
  'found',
]);
const PLACE_PREPOSITIONS = new Set([
  'on',
  'in',
  'inside',
  'under',
  'underneath',
  'beneath',
  'below',
  'by',
  'near',
  'next',
  'beside',
  'behind',
  'at',
  'from',
  'off',
  'close',
  'over',
  'around',
  'against',
  'to',
]);
const GENERIC_ONE = new Set(['one', 'ones']);
const PRONOUNS = new Set(['it', 'them', 'those', 'these']);

function matchesAt(tokens: readonly string[], at: number, words: readonly string[]): boolean {
  return words.every((w, k) => tokens[at + k] === w);
}

/** Removes tokens [from, to) and any pause left doubled or dangling. */
function cut(tokens: readonly string[], from: number, to: number): string[] {
  return tidyPauses([...tokens.slice(0, from), ...tokens.slice(to)]);
}

function tidyPauses(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (const token of tokens) if (token !== ',' || (out.length > 0 && out.at(-1) !== ',')) out.push(token);
  while (out.at(-1) === ',') out.pop();
  return out;
}

/** End (exclusive) of the noun phrase starting at `from`: after its first head, or -1. */
function phraseEnd(tokens: readonly string[], from: number, headAt: HeadAt): number {
  for (let k = from; k < tokens.length && tokens[k] !== ','; k++) {
    const length = headAt(tokens, k);
    if (length > 0) return k + length;
  }
  return -1;
}

export function dropSelfCorrections(tokens: readonly string[]): string[] {
  let out = [...tokens];
  for (let k = 1; k < out.length; k++) {
    const marker = CORRECTIONS.find((words) => matchesAt(out, k, words));
    if (!marker) continue;
    let after = k + marker.length;
    if (out[after] === ',') after++;
    if (!DETERMINERS.has(out[after] ?? '')) continue;
    // Back to where the abandoned phrase began (its determiner), at most a few words back.
    let start = -1;
    for (let j = k - 1; j >= Math.max(0, k - 5); j--)
      if (DETERMINERS.has(out[j]!)) {
        start = j;
        break;
      }
    if (start < 0) continue;
    out = cut(out, start, after);
    k = start;
  }
  return out;
}

export function dropNegations(tokens: readonly string[], headAt: HeadAt): string[] {
  let out = [...tokens];
  for (let k = 0; k < out.length; k++) {
    if (out[k] !== 'not' || !DETERMINERS.has(out[k + 1] ?? '')) continue;
    const end = phraseEnd(out, k + 1, headAt);
    if (end < 0) continue;
    const headWords = findHead(out, k + 1, end, headAt);
    out = cut(out, k, end);
    // "not the big ball, the small one": the one left is a ball too.
    const next = phraseEnd(out, k, headAt);
    if (next > 0 && GENERIC_ONE.has(out[next - 1]!) && headWords && !GENERIC_ONE.has(headWords.at(-1)!))
      out = [...out.slice(0, next - 1), ...headWords, ...out.slice(next)];
    k--;
  }
  return out;
}

function findHead(
  tokens: readonly string[],
  from: number,
  end: number,
  headAt: HeadAt,
): string[] | undefined {
  for (let k = from; k < end; k++) {
    const length = headAt(tokens, k);
    if (length > 0 && k + length === end) return tokens.slice(k, end);
  }
  return undefined;
}

export function dropLocatingClauses(tokens: readonly string[], headAt: HeadAt): string[] {
  let out = [...tokens];
  for (let k = 1; k < out.length; k++) {
    const afterHead = headAt(out, k - 1) === 1 || (k >= 2 && headAt(out, k - 2) === 2);
    if (!afterHead) continue;
    let j = k;
    const relative = RELATIVE_PRONOUNS.has(out[j]!);
    if (relative) j++;
    const auxiliary = AUXILIARIES.has(out[j] ?? '');
    if (auxiliary) j++;
    if (out[j] === 'just') j++;
    const verb = LOCATING_VERBS.has(out[j] ?? '');
    if (verb) j++;
    // "the mug (that is) (sitting) on the desk"; a relative pronoun alone is not enough.
    if (j === k || !(auxiliary || verb) || !PLACE_PREPOSITIONS.has(out[j] ?? '')) continue;
    if (out[j] === 'to' && !verb) continue;
    out = cut(out, k, j);
  }
  return out;
}

function segments(tokens: readonly string[]): string[][] {
  const out: string[][] = [[]];
  for (const token of tokens) {
    if (token === ',') out.push([]);
    else out.at(-1)!.push(token);
  }
  return out.filter((s) => s.length > 0);
}

function join(parts: readonly string[][]): string[] {
  return parts.flatMap((part, k) => (k === 0 ? part : [',', ...part]));
}

/**
 * "the sock on the left, put it in the basket" → "put the sock on the left in the basket";
 * "my book, the green one" → "my the green book". `hasVerb` tells a segment that asks
 * for something from one that only names a thing.
 */
export function resolveDislocations(
  tokens: readonly string[],
  headAt: HeadAt,
  hasVerb: (segment: readonly string[]) => boolean,
): string[] {
  const parts = segments(tokens);
  for (let k = 1; k < parts.length; k++) {
    const before = parts[k - 1]!;
    const part = parts[k]!;
    const pronoun = part.findIndex((w) => PRONOUNS.has(w));
    if (pronoun >= 0 && !hasVerb(before) && phraseEnd(before, 0, headAt) > 0 && hasVerb(part)) {
      parts.splice(k - 1, 2, [...part.slice(0, pronoun), ...before, ...part.slice(pronoun + 1)]);
      k--;
      continue;
    }
    const end = phraseEnd(part, 0, headAt);
    if (end === part.length && GENERIC_ONE.has(part.at(-1)!) && !hasVerb(part)) {
      // The noun the appositive refines ends the segment before it.
      for (let j = before.length - 1; j >= 0; j--) {
        const length = headAt(before, j);
        if (length > 0 && j + length === before.length && !GENERIC_ONE.has(before.at(-1)!)) {
          const noun = before.slice(j);
          parts.splice(k - 1, 2, [...before.slice(0, j), ...part.slice(0, -1), ...noun]);
          k--;
          break;
        }
      }
    }
  }
  return join(parts);
}

/**
 * "blue towel, hamper" / "the paper on the chair: recycling": a last segment that is only a
 * place (with at most a preposition or "put it in") becomes "into <place>" after the thing.
 */
export function placeFromEllipsis(
  tokens: readonly string[],
  isPlace: (words: readonly string[]) => boolean,
): string[] {
  const parts = segments(tokens);
  if (parts.length < 2) return [...tokens];
  const onlyPlace = (part: readonly string[]) => {
    let start = 0;
    while (start < part.length && (DETERMINERS.has(part[start]!) || PLACE_PREPOSITIONS.has(part[start]!)))
      start++;
    const place = part.slice(start);
    return place.length > 0 && isPlace(place) ? place : undefined;
  };
  const last = onlyPlace(parts.at(-1)!);
  if (last) return join([...parts.slice(0, -1), ['into', 'the', ...last]]);
  // "laundry basket: the towel on the floor": the place said first.
  const first = onlyPlace(parts[0]!);
  if (first) return join([...parts.slice(1), ['into', 'the', ...first]]);
  return [...tokens];
}
