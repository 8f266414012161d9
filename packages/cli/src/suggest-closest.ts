/**
 * The candidate closest to `input`, for "did you mean …?" answers: one that `input` is a prefix
 * of (when only one is), else one within a small edit distance (a transposition counts as one
 * edit, as in "--form" for "--from"), else none.
 *
 * @example
 * ```ts
 * suggestClosest("form", ["from", "to", "help"]); // "from"
 * suggestClosest("xyz", ["from", "to", "help"]); // undefined
 * ```
 */
export function suggestClosest(input: string, candidates: readonly string[]): string | undefined {
  if (input.length === 0) return undefined;
  const prefixed = candidates.filter((candidate) => candidate.startsWith(input));
  if (prefixed.length === 1) return prefixed[0];
  // Short names are easily one edit from anything: allow one edit up to 4 characters, two above.
  const allowed = input.length <= 4 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = allowed + 1;
  for (const candidate of candidates) {
    const distance = editDistance(input, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Damerau–Levenshtein distance (optimal string alignment): insert, delete, substitute, swap. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const columns = b.length + 1;
  const d: number[] = new Array(rows * columns).fill(0);
  const at = (i: number, j: number) => d[i * columns + j]!;
  for (let i = 0; i < rows; i++) d[i * columns] = i;
  for (let j = 0; j < columns; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < columns; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, at(i - 2, j - 2) + 1);
      }
      d[i * columns + j] = value;
    }
  }
  return at(a.length, b.length);
}
