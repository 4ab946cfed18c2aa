// The Transformer chapter's homonym view ("Context changes the vector"): its example sentences,
// how the text box is read (a blank line between sense groups), and how well the word's vectors
// group by sense. Pure functions shared by the view, the worker and tests/lessons/senses.mjs, so
// the contract test measures exactly what the page draws.
//
// The examples use only words of the built-in corpora (none reads as [UNK]) and are not lines of
// them. The word sits at matching positions in every group (English: 2, 3 and 6/7; Korean: 1 and
// 2 in each of the three groups), so where it stands in the sentence cannot separate the senses
// on its own (benches/README.md, "Transformer context vectors by sense").
export const CONTEXTS = {
  en: {
    word: 'bank',
    text: [
      'The bank gave the farmer a loan.', 'At the bank, the woman saved her money.', 'The king put his money in the bank.', '',
      'The bank was wet and muddy.', 'From the bank, the boy watched the fish.', 'The girl sat on the bank of the river.',
    ].join('\n'),
  },
  ko: {
    word: '배가',
    text: [
      '배가 천천히 항구로 돌아왔다.', '작은 배가 바다로 나갔다.', '',
      '배가 달고 맛있다.', '가을에는 배가 잘 익었다.', '',
      '배가 고파서 왕은 밥을 먹었다.', '왕자는 배가 아파서 누웠다.',
    ].join('\n'),
  },
};

/** The box's text as [{text, group}]: one sentence a line, a blank line starts the next group. */
export function parseGroups(text) {
  const out = [];
  let group = 0;
  let open = false; // the current group has a sentence
  for (const line of String(text).split('\n').map((x) => x.trim())) {
    if (!line) {
      if (open) { group++; open = false; }
      continue;
    }
    out.push({ text: line, group });
    open = true;
  }
  return out;
}

export function cosine(a, b) {
  let d = 0; let x = 0; let y = 0;
  for (let i = 0; i < a.length; i++) { d += a[i] * b[i]; x += a[i] * a[i]; y += b[i] * b[i]; }
  return d / (Math.sqrt(x * y) || 1);
}

/** How well `vectors` group by `groups` (one group index per vector): `nn` of `n` have as their
 * nearest other vector (by cosine) one of their own group; `within` / `across` are the mean
 * cosines of the pairs in one group / in different groups (null without such pairs). */
export function senseScore(vectors, groups) {
  const n = vectors.length;
  let nn = 0; let w = 0; let nw = 0; let a = 0; let na = 0;
  const c = vectors.map((u) => vectors.map((v) => cosine(u, v)));
  for (let i = 0; i < n; i++) {
    let best = -1;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      if (best < 0 || c[i][j] > c[i][best]) best = j;
      if (j > i) {
        if (groups[i] === groups[j]) { w += c[i][j]; nw++; } else { a += c[i][j]; na++; }
      }
    }
    if (best >= 0 && groups[best] === groups[i]) nn++;
  }
  return { nn, n, within: nw ? w / nw : null, across: na ? a / na : null };
}
