import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TidyRules } from '../../src/world/index.ts';
import { ITEM_CATEGORIES } from '../../sim/world/catalog.ts';

const SHIPPED = readFileSync(new URL('../../launch/tidy_rules.yaml', import.meta.url), 'utf8');

describe('tidy rules', () => {
  it('the shipped rules put every category the sim makes where the sim’s houses keep it', () => {
    const rules = TidyRules.parse(SHIPPED);
    for (const [category, kind] of Object.entries(ITEM_CATEGORIES)) {
      const rule = rules.ruleFor(category);
      expect([category, rule.place, rule.placement]).toEqual([category, kind.home.furniture, kind.home.pose]);
      expect(rule.isDefault).toBe(false);
    }
  });

  it('a category without a rule goes to the default place; a change persists through YAML', () => {
    const rules = TidyRules.parse('default_place: low table\nrules:\n  sock: laundry basket\n');
    expect(rules.ruleFor('kendama')).toEqual({
      place: 'low table',
      placement: 'any',
      priority: 0,
      isDefault: true,
    });
    rules.set('kendama', { place: 'toy box', placement: 'upright', priority: 2 });
    const again = TidyRules.parse(rules.toYaml());
    expect(again.ruleFor('kendama')).toEqual({
      place: 'toy box',
      placement: 'upright',
      priority: 2,
      isDefault: false,
    });
    expect(again.ruleFor('sock').place).toBe('laundry basket');
  });

  it('names what is wrong in a malformed rule', () => {
    expect(() => TidyRules.parse('rules: {}')).toThrow(/default_place/);
    expect(() =>
      TidyRules.parse('default_place: desk\nrules:\n  cup: { place: desk, placement: sideways }'),
    ).toThrow(/'cup': placement must be any, upright or flat, got 'sideways'/);
    expect(() => TidyRules.parse('default_place: desk\nrules:\n  cup: { placement: any }')).toThrow(
      /'cup': place must name a place/,
    );
  });
});
