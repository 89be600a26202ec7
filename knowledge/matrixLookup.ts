import type { FeatureMatrix, MatrixFeature, MatrixRule, Topology } from './model.js';

/** The rule that decides a feature for one pair: the first rule that matches. */
export function ruleFor(feature: MatrixFeature, exchange: string, sfb: string): MatrixRule | undefined {
  return feature.rules.find(
    (r) => (r.exchange === '*' || r.exchange.includes(exchange)) && (r.sfb === '*' || r.sfb.includes(sfb)),
  );
}

export interface TopologyQuery {
  readonly exchange?: Topology;
  readonly sfb?: Topology;
  /** Words left over that matched neither side. */
  readonly leftover: string;
}

function normalise(text: string): string {
  return ` ${text
    .toLowerCase()
    .replace(/[_,/+×()]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()} `;
}

/**
 * Finds the Exchange and SfB sides named in free text ("Exchange Online SfB Online",
 * "exchange-2010 sfb-online", "ex2016 with lync 2013"): ids, labels and aliases, longest first.
 */
export function parseTopology(matrix: FeatureMatrix, text: string): TopologyQuery {
  let rest = normalise(text);
  const take = (topologies: readonly Topology[]): Topology | undefined => {
    const candidates = topologies
      .flatMap((t) => [t.id, t.label, ...t.aliases].map((alias) => ({ t, alias: normalise(alias).trim() })))
      .sort((a, b) => b.alias.length - a.alias.length);
    for (const { t, alias } of candidates) {
      const at = rest.indexOf(` ${alias} `);
      if (at >= 0) {
        rest = `${rest.slice(0, at)} ${rest.slice(at + alias.length + 1)}`;
        return t;
      }
    }
    return undefined;
  };
  const exchange = take(matrix.exchange);
  const sfb = take(matrix.sfb);
  const leftover = rest
    .replace(/\b(with|and|on|plus|vs|versus)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return { ...(exchange ? { exchange } : {}), ...(sfb ? { sfb } : {}), leftover };
}
