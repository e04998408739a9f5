/**
 * The robot's world model: the items it has perceived (from the object localizer's /objects),
 * each with its class hypotheses, position, size and what has become of it (loose on the floor
 * or on the wrong furniture, held, put away at its home, unreachable and why, or delivered to a
 * person who asked for it), and the house's
 * named places. Items are known only from perception: one the localizer forgets (cameras that
 * should see it see nothing there) is dropped, unless the hand holds it. An item seen inside or
 * on the place its tidy rule names is put away, wherever the robot thinks it left it. A new
 * object where one was forgotten a moment before is the same item under a new id (the hand hid
 * it during a try, or nudged it): it keeps the failed tries and the state the old id had.
 */
import { insideRectangle } from '../geometry/rectangle.ts';
import { placeFootprint, placeTopZ, type House, type HousePlace } from './houseDescription.ts';
import type { TidyRules } from './tidyRules.ts';

export type ItemStatus = 'loose' | 'held' | 'put_away' | 'unreachable' | 'delivered';

export interface ClassHypothesis {
  readonly category: string;
  readonly score: number;
}

/** One perceived object, as the localizer reports it (map frame, metres). */
export interface ObservedObject {
  readonly id: string;
  readonly hypotheses: readonly ClassHypothesis[];
  readonly position: readonly [number, number, number];
  readonly size: readonly [number, number, number];
}

export interface TrackedItem extends ObservedObject {
  readonly firstSeenS: number;
  readonly lastSeenS: number;
  readonly status: ItemStatus;
  /** Why it is unreachable, or what went wrong last. */
  readonly reason: string;
  /** Tidy attempts that failed. */
  readonly failures: number;
  /** The place it lies in or on (undefined: the floor or nowhere the house names). */
  readonly place: HousePlace | undefined;
  /** Where (map x, y) the hand let it fall or knocked it, until perception finds it again. */
  readonly droppedNear?: readonly [number, number];
}

/** How far outside a place's footprint (m) and above its top an item still counts as on or in it. */
const FOOTPRINT_MARGIN_M = 0.03;
const ABOVE_TOP_M = 0.35;
/**
 * A new object within this (m) of a forgotten one, and at most FORGOTTEN_S after it was last
 * seen, is taken for it: a scarf the localizer lost in each failed try came back under a new id
 * with no failures, and was tried for minutes.
 */
const SAME_ITEM_M = 0.2;
const FORGOTTEN_S = 120;
/**
 * A new object within this (m, horizontally) of where the hand let an item fall is taken for it:
 * it lands below the hand, or rolls a little. Dropped during a carry, a scarf the detector took
 * for a newspaper came back under new ids 0.3–0.5 m from its pick spot and was tried for 200 s.
 */
const DROPPED_ITEM_M = 0.5;
/**
 * How far outside its home's footprint (m) an item put away there may be seen and stay put away:
 * the localizer's estimate of keys on a shoe rack fell off its edge, and the keys were picked off
 * the rack and put back three times.
 */
const PUT_AWAY_MARGIN_M = 0.2;
/** ... and no lower than this below its top (m): one fallen off beside it is loose again. */
const PUT_AWAY_BELOW_TOP_M = 0.15;
/**
 * An object seen within this (m) of where the robot let an item go at its home is that item, put
 * away, whatever perception now calls it: a toy watering can put on the counter as a cup was seen
 * there next as a toy robot, a new object, and taken off the counter again.
 */
const PUT_SPOT_M = 0.1;

export class WorldModel {
  private readonly tracked = new Map<string, TrackedItem>();
  /** Items the localizer forgot recently, for a new id where one of them was to take over. */
  private forgotten: TrackedItem[] = [];
  /** The id each forgotten item came back under, for callers that still hold the old one. */
  private readonly successor = new Map<string, string>();
  /** Where the robot let go of what it put away (map, m). */
  private readonly putSpots: Array<readonly [number, number, number]> = [];

  constructor(
    readonly house: House,
    readonly rules: TidyRules,
  ) {}

  /** A full /objects update at time `nowS`: new items added, known ones moved, forgotten ones dropped. */
  observe(objects: readonly ObservedObject[], nowS: number): void {
    const seen = new Set<string>();
    for (const object of objects) {
      seen.add(object.id);
      let known = this.tracked.get(object.id);
      if (!known) {
        known = this.takeForgotten(object, nowS);
        if (known) this.successor.set(known.id, object.id);
      }
      const place = this.placeAt(object.position);
      const next: TrackedItem = {
        ...object,
        firstSeenS: known?.firstSeenS ?? nowS,
        lastSeenS: nowS,
        status: known?.status ?? 'loose',
        reason: known?.reason ?? '',
        failures: known?.failures ?? 0,
        place,
      };
      this.tracked.set(object.id, { ...next, status: this.statusOf(next, known) });
    }
    for (const [id, item] of this.tracked)
      if (!seen.has(id) && item.status !== 'held') {
        this.tracked.delete(id);
        this.forgotten.push(item);
      }
    this.forgotten = this.forgotten.filter((item) => nowS - item.lastSeenS <= FORGOTTEN_S);
  }

  /**
   * The recently forgotten item nearest `object` (within SAME_ITEM_M, or DROPPED_ITEM_M across
   * the floor of where one was dropped), taken off the forgotten list.
   */
  private takeForgotten(object: ObservedObject, nowS: number): TrackedItem | undefined {
    let best = -1;
    let bestShare = 1;
    this.forgotten.forEach((item, k) => {
      const [x, y] = item.droppedNear ?? item.position;
      const dx = x - object.position[0];
      const dy = y - object.position[1];
      // Where it fell is known across the floor only: how high it came to rest is not.
      const share = item.droppedNear
        ? Math.hypot(dx, dy) / DROPPED_ITEM_M
        : Math.hypot(dx, dy, item.position[2] - object.position[2]) / SAME_ITEM_M;
      if (share <= bestShare && nowS - item.lastSeenS <= FORGOTTEN_S) {
        best = k;
        bestShare = share;
      }
    });
    return best < 0 ? undefined : this.forgotten.splice(best, 1)[0];
  }

  items(): TrackedItem[] {
    return [...this.tracked.values()];
  }

  /** The item known as `id`, or under the id it came back under since. */
  item(id: string): TrackedItem | undefined {
    return this.tracked.get(this.resolve(id));
  }

  private resolve(id: string): string {
    for (let k = 0; k < 100 && !this.tracked.has(id); k++) {
      const next = this.successor.get(id);
      if (next === undefined) break;
      id = next;
    }
    return id;
  }

  /** The category the robot takes the item to be: its best hypothesis ('' when it has none). */
  categoryOf(item: ObservedObject): string {
    return item.hypotheses[0]?.category ?? '';
  }

  /** Whether the item lies in or on the place its category's rule names. */
  isHome(item: TrackedItem): boolean {
    return item.place !== undefined && item.place.name === this.rules.ruleFor(this.categoryOf(item)).place;
  }

  /**
   * Held from the pick on, as it was known when the pick began if perception has lost it since:
   * the hand closing over an item hides it from the cameras, and an item forgotten then was
   * taken for out of the hand on the way to its home.
   */
  markHeld(item: TrackedItem): void {
    // Under the id it came back under, if any: the one perception will go on reporting it by.
    const id = this.resolve(item.id);
    this.forgotten = this.forgotten.filter((other) => other.id !== item.id && other.id !== id);
    this.tracked.set(id, { ...(this.tracked.get(id) ?? item), id, status: 'held', reason: '' });
  }

  /** Put away, let go of at `releasedAt` (map, m) when the caller knows where. */
  markPutAway(id: string, releasedAt?: readonly [number, number, number]): void {
    this.update(id, { status: 'put_away', reason: '' });
    if (releasedAt) this.putSpots.push(releasedAt);
  }

  /**
   * A failed attempt: loose again to retry later, or unreachable (with why) after `maxFailures`.
   * `tried`: where (map x, y) the hand worked at it since `sinceS`, when it did.
   */
  markFailed(
    id: string,
    why: string,
    maxFailures: number,
    tried?: { readonly xy: readonly [number, number]; readonly sinceS: number },
  ): void {
    // One the localizer lost during the try keeps the failure for the id it may come back under.
    const item = this.item(id) ?? this.forgotten.find((other) => other.id === id);
    if (!item) return;
    const failedOnce = (it: TrackedItem): TrackedItem => ({
      ...it,
      failures: it.failures + 1,
      reason: why,
      status: it.failures + 1 >= maxFailures ? 'unreachable' : 'loose',
    });
    this.change(item.id, failedOnce);
    // Perception may track one thing twice (a scarf as a phone and as a newspaper, each box's
    // centre in the other box), and what the hand lifted and let fall may be seen again under a
    // new id while the old one lingers (a scarf under four ids, each tried three times): what
    // failed on one failed on the other.
    const sameThing = (other: TrackedItem) =>
      centredInEachOther(item, other) ||
      (tried !== undefined &&
        other.firstSeenS >= tried.sinceS &&
        Math.hypot(other.position[0] - tried.xy[0], other.position[1] - tried.xy[1]) <= DROPPED_ITEM_M);
    for (const other of this.tracked.values())
      if (other.id !== item.id && other.status === 'loose' && sameThing(other))
        this.tracked.set(other.id, failedOnce(other));
  }

  /** Given up on until a person helps (e.g. its home is out of reach), with why. */
  markUnreachable(id: string, why: string): void {
    this.update(id, { status: 'unreachable', reason: why });
  }

  /** Brought to a person who asked for it: not to be tidied away from them. */
  markDelivered(id: string): void {
    this.update(id, { status: 'delivered', reason: '' });
  }

  /**
   * What the hand let go of (or knocked in a failed try) lies loose again where perception next
   * finds it: near where the hand was, or the item, (`near`, map x, y) at `nowS` when the caller
   * knows, so an object seen there next is it, with its failed tries.
   */
  markDropped(
    id: string,
    why: string,
    near?: { readonly xy: readonly [number, number]; readonly nowS: number },
  ): void {
    // Perception may have lost it already (it fell out of view, or the hand hid it).
    this.change(id, (item) => ({
      ...item,
      status: 'loose',
      reason: why,
      ...(near ? { droppedNear: near.xy, lastSeenS: near.nowS } : {}),
    }));
  }

  /**
   * The item to tidy next: among the loose ones, the highest priority (the rules', raised for
   * `firstCategories`), then fewest failed attempts (skipped items come back after the rest),
   * then nearest to `from` (the seed system's rule).
   */
  nextLoose(
    from: readonly [number, number],
    firstCategories: ReadonlySet<string> = new Set(),
  ): TrackedItem | undefined {
    let best: TrackedItem | undefined;
    let bestKey: [number, number, number] | undefined;
    for (const item of this.tracked.values()) {
      if (item.status !== 'loose') continue;
      const category = this.categoryOf(item);
      const priority = (firstCategories.has(category) ? 1e6 : 0) + this.rules.ruleFor(category).priority;
      const key: [number, number, number] = [
        -priority,
        item.failures,
        Math.hypot(item.position[0] - from[0], item.position[1] - from[1]),
      ];
      if (!bestKey || compare(key, bestKey) < 0) {
        best = item;
        bestKey = key;
      }
    }
    return best;
  }

  /** The place whose footprint holds `position` and whose top it lies below (or just above). */
  placeAt(position: readonly [number, number, number]): HousePlace | undefined {
    return this.house.places.find((place) => holds(place, position, FOOTPRINT_MARGIN_M));
  }

  private statusOf(item: TrackedItem, known: TrackedItem | undefined): ItemStatus {
    if (known?.status === 'held') return 'held';
    if (this.isHome(item)) return 'put_away';
    // Let go of above the spot, it rests at most a few tens of centimetres below it.
    const p = item.position;
    const atSpot = ([x, y, z]: readonly [number, number, number]) =>
      Math.hypot(p[0] - x, p[1] - y) <= PUT_SPOT_M && p[2] <= z + PUT_SPOT_M && p[2] >= z - ABOVE_TOP_M;
    if (this.putSpots.some(atSpot)) return 'put_away';
    if (known?.status === 'put_away') {
      const home = this.rules.ruleFor(this.categoryOf(item)).place;
      const near = (place: HousePlace) =>
        place.name === home &&
        holds(place, item.position, PUT_AWAY_MARGIN_M) &&
        item.position[2] >= placeTopZ(place) - PUT_AWAY_BELOW_TOP_M;
      if (this.house.places.some(near)) return 'put_away';
    }
    if (known?.status === 'unreachable') return 'unreachable';
    if (known?.status === 'delivered') return 'delivered';
    return 'loose';
  }

  private update(id: string, change: Partial<TrackedItem>): void {
    const item = this.item(id);
    if (item) this.tracked.set(item.id, { ...item, ...change });
  }

  /** Rewrites the item known as `id`, tracked or recently forgotten (perception lost it). */
  private change(id: string, rewrite: (item: TrackedItem) => TrackedItem): void {
    const item = this.item(id);
    const lost = this.forgotten.findIndex((other) => other.id === id);
    if (item) this.tracked.set(item.id, rewrite(item));
    else if (lost >= 0) this.forgotten[lost] = rewrite(this.forgotten[lost]!);
  }
}

/** Whether `position` lies within `place`'s footprint grown by `marginM`, below its top or just above. */
function holds(place: HousePlace, position: readonly [number, number, number], marginM: number): boolean {
  return (
    insideRectangle(position[0], position[1], placeFootprint(place), marginM) &&
    position[2] <= placeTopZ(place) + ABOVE_TOP_M
  );
}

/** Whether each object's centre lies within the other's box across the floor. */
function centredInEachOther(a: ObservedObject, b: ObservedObject): boolean {
  return (
    Math.abs(a.position[0] - b.position[0]) <= Math.min(a.size[0], b.size[0]) / 2 &&
    Math.abs(a.position[1] - b.position[1]) <= Math.min(a.size[1], b.size[1]) / 2
  );
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return a[k]! - b[k]!;
  return 0;
}
