// The Transformer chapter's homonym view ("Context changes the vector"): its example sentences and
// how the text box is read (a blank line between sense groups). Shared by the view,
// tests/lessons/senses.mjs and benches/senses_pretrained.mjs, so they measure the sentences the page
// draws. How well the vectors group by sense is the core's senseScore (src/embed/senses.rs).
//
// The examples use only words of the built-in corpora (none reads as [UNK]) and are not lines of
// them. The word stands at the same place in every sentence (English: "The bank …", Korean: "배가
// …" first), so its position and the token before it are the same in all of them and only the
// context can move its vector. An earlier set put the word at matching places in every group (2, 3
// and 6/7), so that position could not separate the senses; it did the opposite, each use's nearest
// neighbour becoming the other sense's sentence with the word at its place. Twelve sentences, four to
// six a sense, so the nearest-neighbour count is not decided by one pair (benches/README.md, "The
// word at one place").
export const CONTEXTS = {
  en: {
    word: 'bank',
    text: [
      'The bank gave the farmer a loan.', 'The bank kept her money safe.', 'The bank paid interest on the money.',
      'The bank opened an account for the queen.', 'The bank counted the money.', 'The bank gave the king his money.', '',
      'The bank was wet and muddy.', 'The bank of the river was green.', 'The bank near the water was grassy.',
      'The bank was covered with flowers.', 'The bank of the stream was far away.', 'The bank near the bridge had green grass.',
    ].join('\n'),
  },
  ko: {
    word: '배가',
    text: [
      '배가 천천히 항구로 돌아왔다.', '배가 바다로 나갔다.', '배가 파도를 넘어 섬으로 갔다.', '배가 항구에 많이 있었다.', '',
      '배가 달고 맛있다.', '배가 가을에 잘 익었다.', '배가 사과보다 크고 물이 많다.', '배가 사과보다 맛있다.', '',
      '배가 고파서 왕은 밥을 먹었다.', '배가 아파서 왕자는 누웠다.', '배가 불러서 공주는 웃었다.', '배가 아파서 소년은 잠을 잤다.',
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
