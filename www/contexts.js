// The Transformer chapter's homonym view ("Context changes the vector"): its example sentences and
// how the text box is read (a blank line between sense groups). Shared by the view,
// tests/lessons/senses.mjs and benches/senses_pretrained.mjs, so they measure the sentences the page
// draws. How well the vectors group by sense is the core's senseScore (src/embed/senses.rs).
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
