// `%plot x=AXIS y=METRIC[,METRIC] color=AXIS facet=AXIS logx logy mark=line|point|bar`:
// the chart choice for a sweep; whatever is not given is chosen automatically
// (plots/spec.ts). Names of axes and metrics are checked once the results exist.
import type { PlotChoice } from '../plots/spec.js';

export interface PlotDirective extends PlotChoice {
  line: number;
}

const MARKS = ['line', 'point', 'bar'] as const;
const KEYS = ['x', 'y', 'color', 'facet', 'mark'] as const;
const FLAGS = ['logx', 'logy'] as const;

export function parsePlot(args: readonly string[], fail: (why: string) => never): PlotChoice {
  const out: PlotChoice = {};
  const seen = new Set<string>();
  for (const token of args) {
    if ((FLAGS as readonly string[]).includes(token)) {
      out[token as (typeof FLAGS)[number]] = true;
      continue;
    }
    const eq = token.indexOf('=');
    const key = eq > 0 ? token.slice(0, eq) : '';
    const value = token.slice(eq + 1);
    if (!(KEYS as readonly string[]).includes(key)) fail(`%plot: "${token}" is not understood; use ${KEYS.map((k) => `${k}=...`).join(', ')}, ${FLAGS.join(', ')}`);
    if (seen.has(key)) fail(`%plot: ${key} is given twice`);
    seen.add(key);
    if (!value) fail(`%plot: ${key}= needs a value`);
    if (key === 'mark') {
      if (!(MARKS as readonly string[]).includes(value)) fail(`%plot: mark=${value} is not valid; use ${MARKS.join(', ')}`);
      out.mark = value as PlotChoice['mark'];
    } else if (key === 'y') out.y = value.split(',').filter(Boolean);
    else out[key as 'x' | 'color' | 'facet'] = value;
  }
  return out;
}
