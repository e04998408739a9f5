/**
 * Tidy rules: where each category of item belongs (a place the house description names), how it
 * is put there (upright, flat or any way) and its priority (higher is tidied first). Read from a
 * YAML file a person writes (`launch/tidy_rules.yaml` is the shipped one), changed by voice and by
 * the SetTidyRule service, and written back in the same format so changes persist. A category
 * without a rule goes to `default_place`. Malformed entries are errors naming the category and
 * the field.
 */
import { Document, isMap, parse } from 'yaml';

export type Placement = 'any' | 'upright' | 'flat';

export interface TidyRule {
  readonly place: string;
  readonly placement: Placement;
  readonly priority: number;
}

const PLACEMENTS: readonly Placement[] = ['any', 'upright', 'flat'];

export class TidyRules {
  private readonly rules = new Map<string, TidyRule>();

  constructor(
    readonly defaultPlace: string,
    rules: Iterable<[string, TidyRule]> = [],
  ) {
    for (const [category, rule] of rules) this.rules.set(category, rule);
  }

  static parse(text: string): TidyRules {
    const document = parse(text) as { default_place?: unknown; rules?: unknown } | null;
    if (!document || typeof document !== 'object') throw new Error('tidy rules: not a YAML mapping');
    if (typeof document.default_place !== 'string' || document.default_place === '')
      throw new Error('tidy rules: default_place must name a place');
    const raw = document.rules ?? {};
    if (typeof raw !== 'object' || Array.isArray(raw))
      throw new Error('tidy rules: rules must map categories to { place, placement, priority }');
    const rules = new TidyRules(document.default_place);
    for (const [category, entry] of Object.entries(raw as Record<string, unknown>)) {
      const e = (typeof entry === 'string' ? { place: entry } : entry) as Record<string, unknown> | null;
      rules.set(category, {
        place: e?.place as string,
        placement: (e?.placement ?? 'any') as Placement,
        priority: (e?.priority ?? 0) as number,
      });
    }
    return rules;
  }

  /** The rule for a category: its own, or the default place (`isDefault`) when it has none. */
  ruleFor(category: string): TidyRule & { readonly isDefault: boolean } {
    const rule = this.rules.get(category);
    return rule
      ? { ...rule, isDefault: false }
      : { place: this.defaultPlace, placement: 'any', priority: 0, isDefault: true };
  }

  has(category: string): boolean {
    return this.rules.has(category);
  }

  /** Sets (or replaces) a category's rule, checked: a clear error names what is wrong. */
  set(category: string, rule: TidyRule): void {
    const where = `tidy rules: '${category}'`;
    if (!category) throw new Error('tidy rules: a rule needs a category');
    if (typeof rule.place !== 'string' || rule.place === '')
      throw new Error(`${where}: place must name a place`);
    if (!PLACEMENTS.includes(rule.placement))
      throw new Error(`${where}: placement must be any, upright or flat, got '${String(rule.placement)}'`);
    if (typeof rule.priority !== 'number' || !Number.isFinite(rule.priority))
      throw new Error(`${where}: priority must be a number, got '${String(rule.priority)}'`);
    this.rules.set(category, { place: rule.place, placement: rule.placement, priority: rule.priority });
  }

  categories(): string[] {
    return [...this.rules.keys()];
  }

  toYaml(): string {
    const rules = Object.fromEntries([...this.rules.entries()].sort(([a], [b]) => a.localeCompare(b)));
    const document = new Document({ default_place: this.defaultPlace, rules });
    // One line per rule, as a person would write it.
    const ruleMap = document.get('rules');
    if (isMap(ruleMap)) for (const pair of ruleMap.items) if (isMap(pair.value)) pair.value.flow = true;
    return `# Tidy rules: where each category belongs (a place of the house description), how it is put\n# there (any, upright, flat) and its priority (higher first).\n${document.toString()}`;
  }
}
