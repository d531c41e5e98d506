// ─── Line diff ──────────────────────────────────────────────────────────────
// The longest common subsequence of lines, enough for the file-sized texts a
// model writes. Above a size bound (LCS is O(n·m)) the common head and tail
// are kept and the middle shows as removed + added, which is still correct.

export type DiffLine = { kind: 'same' | 'added' | 'removed'; text: string; oldNo?: number; newNo?: number };

const MAX_CELLS = 4_000_000;

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Lines of `after` against `before`, in order, with their line numbers on each side. */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = splitLines(before);
  const b = splitLines(after);
  // Common head and tail cost nothing and shrink the table.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);

  const out: DiffLine[] = [];
  let oldNo = 1;
  let newNo = 1;
  const same = (text: string) => out.push({ kind: 'same', text, oldNo: oldNo++, newNo: newNo++ });
  const removed = (text: string) => out.push({ kind: 'removed', text, oldNo: oldNo++ });
  const added = (text: string) => out.push({ kind: 'added', text, newNo: newNo++ });

  for (let i = 0; i < head; i++) same(a[i]!);
  const n = midA.length;
  const m = midB.length;
  if (n * m > MAX_CELLS) {
    midA.forEach(removed);
    midB.forEach(added);
  } else {
    // lcs[i][j] = LCS length of midA[i..] and midB[j..], in one flat array.
    const w = m + 1;
    const lcs = new Uint32Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * w + j] = midA[i] === midB[j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (midA[i] === midB[j]) {
        same(midA[i]!);
        i++;
        j++;
      } else if (lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!) removed(midA[i++]!);
      else added(midB[j++]!);
    }
    while (i < n) removed(midA[i++]!);
    while (j < m) added(midB[j++]!);
  }
  for (let i = a.length - tail; i < a.length; i++) same(a[i]!);
  return out;
}
