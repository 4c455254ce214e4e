const MIN_PASSAGE = 6;
const MAX_PASSAGES = 3;

/**
 * Longest common passages of two compact texts (at least 6 characters, at most 3, longest first),
 * for the supervisor's explanation of a merge. Greedy: extends each 6-character seed of `a` found in `b`.
 */
export function similarPassages(a: string, b: string): string[] {
  const found: string[] = [];
  let i = 0;
  while (i + MIN_PASSAGE <= a.length) {
    if (!b.includes(a.slice(i, i + MIN_PASSAGE))) {
      i++;
      continue;
    }
    let end = i + MIN_PASSAGE;
    while (end < a.length && b.includes(a.slice(i, end + 1))) end++;
    found.push(a.slice(i, end));
    i = end;
  }
  return found.sort((x, y) => y.length - x.length).slice(0, MAX_PASSAGES);
}
