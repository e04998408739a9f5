/**
 * Removes `<VOID>` from a JSGF grammar. JSGF allows it (a rule nothing can match, e.g. the
 * colours of a scene whose objects have none, or a word without a pronunciation), but
 * pocketsphinx 0.8 then recognizes nothing at all. A sequence that needs a void part is dropped;
 * an optional `[...]` whose content is void is left out; a rule left with no alternative is void
 * in turn, until nothing changes.
 */
type Expr = { kind: 'alt'; seqs: Item[][] };
type Item = { kind: 'token'; text: string } | { kind: 'group'; alt: Expr } | { kind: 'optional'; alt: Expr };

const RULE = /^(public\s+)?<([^>]+)>\s*=\s*(.*);\s*$/;

export function pruneVoidRules(jsgf: string): string {
  const lines = jsgf.split('\n');
  const rules = new Map<string, { line: number; prefix: string; expr: Expr }>();
  lines.forEach((line, k) => {
    const match = RULE.exec(line);
    if (match)
      rules.set(match[2]!, { line: k, prefix: `${match[1] ?? ''}<${match[2]}> = `, expr: parse(match[3]!) });
  });
  const isVoid = (name: string) => {
    const rule = rules.get(name);
    return rule !== undefined && rule.expr.seqs.length === 0;
  };
  for (let changed = true; changed;) {
    changed = false;
    for (const rule of rules.values()) {
      const before = render(rule.expr);
      rule.expr = prune(rule.expr, isVoid);
      if (render(rule.expr) !== before) changed = true;
    }
  }
  for (const rule of rules.values())
    lines[rule.line] = `${rule.prefix}${rule.expr.seqs.length ? render(rule.expr) : '<VOID>'};`;
  // A rule that is still void has nothing to reference it any more; drop its definition.
  return lines.filter((line) => !/^<[^>]+> = <VOID>;$/.test(line) || !line).join('\n');
}

function prune(expr: Expr, isVoid: (name: string) => boolean): Expr {
  const seqs: Item[][] = [];
  for (const seq of expr.seqs) {
    const kept: Item[] = [];
    let dead = false;
    for (const item of seq) {
      if (item.kind === 'token') {
        const ref = /^<([^>]+)>$/.exec(item.text);
        if (item.text === '<VOID>' || (ref && isVoid(ref[1]!))) dead = true;
        else kept.push(item);
      } else {
        const alt = prune(item.alt, isVoid);
        if (alt.seqs.length > 0) kept.push({ kind: item.kind, alt });
        else if (item.kind === 'group') dead = true;
      }
    }
    if (!dead) seqs.push(kept);
  }
  return { kind: 'alt', seqs };
}

function parse(body: string): Expr {
  const tokens = body.match(/<[^>]+>|[()[\]|]|[^\s()[\]|]+/g) ?? [];
  let at = 0;
  const alt = (close?: string): Expr => {
    const seqs: Item[][] = [[]];
    while (at < tokens.length) {
      const token = tokens[at++]!;
      if (token === close) return { kind: 'alt', seqs };
      if (token === '|') seqs.push([]);
      else if (token === '(') seqs.at(-1)!.push({ kind: 'group', alt: alt(')') });
      else if (token === '[') seqs.at(-1)!.push({ kind: 'optional', alt: alt(']') });
      else seqs.at(-1)!.push({ kind: 'token', text: token });
    }
    return { kind: 'alt', seqs };
  };
  return alt();
}

function render(expr: Expr): string {
  return expr.seqs
    .map((seq) =>
      seq
        .map((item) =>
          item.kind === 'token'
            ? item.text
            : item.kind === 'group'
              ? `(${render(item.alt)})`
              : `[${render(item.alt)}]`,
        )
        .join(' '),
    )
    .join(' | ');
}
