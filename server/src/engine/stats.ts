// Statistics of a sweep point: for each metric over the point's ok runs, the
// median, mean, sample standard deviation, min, max, coefficient of variation,
// n, and a 95% confidence interval of the median by the order-statistic
// (binomial, distribution-free) method: the interval [x(l), x(n+1-l)] of the
// sorted values covers the true median with probability 1 - 2 P(B <= l-1),
// B ~ Binomial(n, 1/2); l is the largest rank keeping that at least 95%. With
// n <= 5 no pair of ranks reaches 95%: the interval is [min, max] and `ciLevel`
// says how much it does cover (n = 5: 93.75%). Runs that did not end ok are
// counted as failures, not measured.
import { binomialDistribution, mean, median, sampleStandardDeviation } from 'simple-statistics';
import { metricSeries, type RunRecord } from './record.js';

/** A point is noisy when its coefficient of variation exceeds 5% (with at least 3 runs to tell). */
export const NOISY_CV = 0.05;
export const NOISY_MIN_N = 3;

export interface Summary {
  n: number;
  median: number;
  mean: number;
  /** Sample standard deviation (n - 1); 0 for a single value. */
  sd: number;
  min: number;
  max: number;
  ciLow: number;
  ciHigh: number;
  /** The interval's actual coverage: at least 0.95 when n >= 6. */
  ciLevel: number;
  /** sd / |mean|; null when the mean is 0. */
  cv: number | null;
  noisy: boolean;
}

export interface MetricSummary extends Summary {
  name: string;
  unit: string;
}

/** P(B <= k) for B ~ Binomial(n, 1/2). simple-statistics stops its table once the tail is negligible. */
function binomialCdf(n: number, k: number): number {
  const pmf = binomialDistribution(n, 0.5) ?? [];
  let sum = 0;
  for (let i = 0; i <= k && i < pmf.length; i++) sum += pmf[i]!;
  return sum;
}

/** 1-based rank l of the lower end of the 95% interval of the median, and its coverage. */
export function medianCiRanks(n: number): { lo: number; hi: number; level: number } {
  if (n <= 0) return { lo: 0, hi: 0, level: 0 };
  if (n > 300) {
    // The binomial table is long here; the normal approximation of the rank is exact enough.
    const half = (1.959964 * Math.sqrt(n)) / 2;
    const lo = Math.max(1, Math.floor(n / 2 - half));
    return { lo, hi: n + 1 - lo, level: 0.95 };
  }
  let best = { lo: 1, hi: n, level: 1 - 2 * binomialCdf(n, 0) };
  for (let l = 2; l <= Math.floor((n + 1) / 2); l++) {
    const level = 1 - 2 * binomialCdf(n, l - 1);
    if (level < 0.95) break;
    best = { lo: l, hi: n + 1 - l, level };
  }
  if (n === 1) best.level = 0;
  return best;
}

export function summarize(values: readonly number[]): Summary | undefined {
  const xs = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const n = xs.length;
  if (!n) return undefined;
  const m = mean(xs);
  const sd = n > 1 ? sampleStandardDeviation(xs) : 0;
  const ci = medianCiRanks(n);
  const cv = m === 0 ? null : sd / Math.abs(m);
  return {
    n,
    median: median(xs),
    mean: m,
    sd,
    min: xs[0]!,
    max: xs[n - 1]!,
    ciLow: xs[ci.lo - 1]!,
    ciHigh: xs[ci.hi - 1]!,
    ciLevel: ci.level,
    cv,
    noisy: n >= NOISY_MIN_N && cv !== null && cv > NOISY_CV,
  };
}

/** Per metric over the ok runs: a metric reported several times in one run counts with its last value (as in the tables). */
export function summarizeRuns(records: readonly RunRecord[]): MetricSummary[] {
  const ok = records.filter((r) => r.status === 'ok');
  return metricSeries(ok).flatMap(({ name, unit, values }) => {
    const s = summarize(values.filter((v): v is number => v !== null));
    return s ? [{ name, unit, ...s }] : [];
  });
}

export type ClockKind = 'icount' | 'real-emulated' | 'real-kvm' | 'real';

/** Which clock results came from, and what that means for reading them. */
export function clockOf(records: readonly RunRecord[]): { clock: string; accel: string; kind: ClockKind; note: string } {
  const r = records.find((x) => x.runner.accel !== 'none') ?? records[0];
  const clock = String(r?.runner.clock ?? 'real');
  const accel = String(r?.runner.accel ?? 'none');
  if (clock === 'icount') return { clock, accel, kind: 'icount', note: 'icount clock: exact guest instruction counts, the same on every run and machine' };
  if (accel === 'tcg') return { clock, accel, kind: 'real-emulated', note: 'real clock under emulation (TCG): emulated timing is functional, not performance' };
  if (accel === 'kvm') return { clock, accel, kind: 'real-kvm', note: 'real clock under KVM' };
  return { clock, accel, kind: 'real', note: 'real clock' };
}
