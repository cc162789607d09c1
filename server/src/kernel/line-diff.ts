// How many lines two texts differ in: lines added and removed by the shortest
// edit (longest common subsequence), after trimming the common head and tail so
// the usual case (a few lines changed in a long file) costs almost nothing.

function splitLines(text: string): string[] {
  if (!text) return [];
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop(); // a final newline ends the last line, it does not start another
  return lines.map((l) => l.replace(/\r$/, ''));
}

export function countLines(text: string): number {
  return splitLines(text).length;
}

/** Lines only in `after` (added) and only in `before` (removed). */
export function changedLines(before: string, after: string): { added: number; removed: number } {
  const a = splitLines(before);
  const b = splitLines(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  // One row of the LCS table at a time.
  let prev = new Uint32Array(y.length + 1);
  let row = new Uint32Array(y.length + 1);
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) row[j] = x[i - 1] === y[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, row[j - 1]!);
    [prev, row] = [row, prev];
  }
  const common = prev[y.length]!;
  return { added: y.length - common, removed: x.length - common };
}
