/** Prometheus' text format, read as the tests need it. */

export type Labels = Record<string, string>;

/** The value of a metric's series whose labels include `labels` (summed when several do); undefined when none is there. */
export function sampleOf(text: string, name: string, labels: Labels = {}): number | undefined {
  let total: number | undefined;
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const has = labelsOf(m[2] ?? '');
    if (Object.entries(labels).every(([k, v]) => has[k] === v)) total = (total ?? 0) + Number(m[3]);
  }
  return total;
}

/** As sampleOf, with an absent series read as 0: what a counter that never moved shows. */
export const countOf = (text: string, name: string, labels: Labels = {}) => sampleOf(text, name, labels) ?? 0;

function labelsOf(text: string): Labels {
  const labels: Labels = {};
  for (const [, key, value] of text.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key!] = value!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
  return labels;
}
