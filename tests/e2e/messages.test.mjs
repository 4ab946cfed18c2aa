// Messages and dead states: a message belongs to the chapter that raised it, leaves with it and
// with its cause, says what to change, and never covers a control; a chapter without a model
// shows why instead of a blank or black box, and ▶ always comes back to ▶. Small texts get a
// notice in the vector chapters, and the loss chart's axis starts at 0.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, shot, waitDrawn } from './harness.mjs';

let app;
before(async () => { app = await launch({ width: 1366, height: 768 }); });
after(async () => { await app?.close(); });

const tab = (page, id) => page.locator(`#chapter-tabs a[data-chapter="${id}"]`).click();
const owners = (page) => page.locator('#messages .msg').evaluateAll((ms) => ms.map((m) => m.dataset.owner));

/** Controls of the chapter and the panel that a message box overlaps (should be none). */
const covered = (page) => page.evaluate(() => {
  const boxes = [...document.querySelectorAll('#messages .msg')].map((m) => m.getBoundingClientRect());
  const out = [];
  for (const el of document.querySelectorAll('#chapter button, #chapter input, #chapter select, #corpus-panel button, #corpus-panel select, #corpus-panel textarea')) {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height) continue;
    if (boxes.some((b) => r.left < b.right && b.left < r.right && r.top < b.bottom && b.top < r.bottom)) out.push(el.outerHTML.slice(0, 60));
  }
  return out;
});

test('messages stay with their chapter, go when their cause goes, say what to change, cover nothing', async () => {
  const { page, open, errors } = app;
  await open('#/corpus?corpus.sample=en');
  await page.waitForFunction(() => /^[\d,]+ tokens/.test(document.querySelector('.summary')?.textContent ?? ''));
  await page.locator('#corpus-panel textarea').fill('');
  await page.waitForFunction(() => /^0 tokens/.test(document.querySelector('.summary')?.textContent ?? ''));
  await tab(page, 'word2vec');
  await page.waitForSelector('#messages .msg[data-owner="word2vec"]');
  assert.match(await page.locator('#messages .msg[data-owner="word2vec"]').textContent(), /^No model: the text is empty\. Type or paste one/);
  assert.ok(await page.locator('.w2v-space .vs-empty').isVisible(), 'the vector space shows why it is empty');
  await tab(page, 'fasttext');
  await page.waitForSelector('#messages .msg[data-owner="fasttext"]');
  assert.ok(!(await owners(page)).includes('word2vec'), 'Word2Vec\'s message left with Word2Vec');
  await tab(page, 'ngram');
  await page.waitForSelector('#messages .msg[data-owner="ngram"]');
  assert.deepEqual((await owners(page)).filter((o) => o !== 'shell'), ['ngram']);
  assert.deepEqual(await covered(page), []);
  await shot(page, 'messages-ngram-empty');
  // The cause goes (a text arrives): the message goes too.
  await page.locator('#corpus-panel select').first().selectOption('en');
  await page.waitForFunction(() => !document.querySelector('#messages .msg[data-owner="ngram"]') && document.querySelectorAll('.statediagram .sd-node').length > 5);
  // Too short for min count 2: the message says to lower it (or use a longer text).
  await page.locator('#corpus-panel textarea').fill('one two three four');
  await tab(page, 'word2vec');
  await page.waitForFunction(() => /min count.*to 1/.test(document.querySelector('#messages .msg[data-owner="word2vec"]')?.textContent ?? ''));
  assert.deepEqual(await covered(page), []);
  assert.deepEqual(errors, []);
});

for (const [what, hash, cause] of [['order 99 from a link', '#/ngram?corpus.sample=en&ngram.order=99', /order/], ['an empty text', '#/ngram?corpus.sample=en', /text is empty/]]) {
  test(`n-grams without a model (${what}): an empty state, and ▶ comes back`, async () => {
    const { page, open, errors } = app;
    await open(hash);
    if (what === 'an empty text') {
      await page.waitForFunction(() => document.querySelectorAll('.statediagram .sd-node').length > 5);
      await page.locator('#corpus-panel textarea').fill('');
    }
    await page.waitForFunction((re) => new RegExp(re).test(document.querySelector('.ng-diagram .empty-state:not([hidden])')?.textContent ?? ''), cause.source);
    assert.equal(await page.locator('.statediagram').isHidden(), true, 'no blank diagram');
    // Close the message, press ▶: the message says why again, and the button is ▶ once more.
    await page.locator('#messages .msg[data-owner="ngram"] button').click();
    await page.waitForFunction(() => !document.querySelector('#messages .msg[data-owner="ngram"]'));
    await page.locator('#player button[data-action="play"]').click();
    await page.waitForFunction(() => document.querySelector('#messages .msg[data-owner="ngram"]') && document.querySelector('#player button[data-action="play"]').textContent === '▶');
    await page.waitForTimeout(1500);
    assert.equal(await page.locator('#player button[data-action="play"]').textContent(), '▶', 'still ▶ later: no walk running');
    await shot(page, `ngram-nomodel-${what === 'an empty text' ? 'empty' : 'order'}`);
    assert.deepEqual(errors, []);
  });
}

// 3,000 characters of Korean law text (the Constitution's first articles, repeated phrases): far
// too few tokens per word for a meaningful space.
const LAW = [
  '대한민국은 민주공화국이다.', '대한민국의 주권은 국민에게 있고, 모든 권력은 국민으로부터 나온다.', '대한민국의 국민이 되는 요건은 법률로 정한다.',
  '국가는 법률이 정하는 바에 의하여 재외국민을 보호할 의무를 진다.', '대한민국의 영토는 한반도와 그 부속도서로 한다.',
  '대한민국은 통일을 지향하며, 자유민주적 기본질서에 입각한 평화적 통일 정책을 수립하고 이를 추진한다.',
  '대한민국은 국제평화의 유지에 노력하고 침략적 전쟁을 부인한다.', '국군은 국가의 안전보장과 국토방위의 신성한 의무를 수행함을 사명으로 하며, 그 정치적 중립성은 준수된다.',
  '헌법에 의하여 체결·공포된 조약과 일반적으로 승인된 국제법규는 국내법과 같은 효력을 가진다.', '외국인은 국제법과 조약이 정하는 바에 의하여 그 지위가 보장된다.',
  '공무원은 국민전체에 대한 봉사자이며, 국민에 대하여 책임을 진다.', '공무원의 신분과 정치적 중립성은 법률이 정하는 바에 의하여 보장된다.',
  '정당의 설립은 자유이며, 복수정당제는 보장된다.', '정당은 그 목적·조직과 활동이 민주적이어야 하며, 국민의 정치적 의사형성에 참여하는데 필요한 조직을 가져야 한다.',
  '국가는 전통문화의 계승·발전과 민족문화의 창달에 노력하여야 한다.', '모든 국민은 인간으로서의 존엄과 가치를 가지며, 행복을 추구할 권리를 가진다.',
  '국가는 개인이 가지는 불가침의 기본적 인권을 확인하고 이를 보장할 의무를 진다.', '모든 국민은 법 앞에 평등하다.',
  '누구든지 성별·종교 또는 사회적 신분에 의하여 정치적·경제적·사회적·문화적 생활의 모든 영역에 있어서 차별을 받지 아니한다.',
  '모든 국민은 신체의 자유를 가진다.', '모든 국민은 거주·이전의 자유를 가진다.', '모든 국민은 직업선택의 자유를 가진다.',
  '모든 국민은 사생활의 비밀과 자유를 침해받지 아니한다.', '모든 국민은 통신의 비밀을 침해받지 아니한다.', '모든 국민은 양심의 자유를 가진다.',
  '모든 국민은 종교의 자유를 가진다.', '모든 국민은 언론·출판의 자유와 집회·결사의 자유를 가진다.', '모든 국민은 학문과 예술의 자유를 가진다.',
].join('\n').repeat(3).slice(0, 3000);

test('a small text gets a notice in the vector chapters; the loss axis starts at 0', async () => {
  const { page, open, errors } = app;
  await open('#/word2vec?corpus.sample=en');
  await page.waitForFunction(() => Number(document.querySelector('.scatter')?.dataset.points) > 0);
  assert.equal(await page.locator('.w2v-space .vs-notice').isHidden(), true, 'the built-in sample is large enough');
  await page.locator('#corpus-panel textarea').fill(LAW);
  await page.waitForFunction(() => /small text/.test(document.querySelector('.w2v-space .vs-notice:not([hidden])')?.textContent ?? ''));
  // Train to the end at full speed: the loss curve's lowest axis label is 0.
  await page.locator('#player input[type="range"]').fill('5');
  await page.locator('#player button[data-action="play"]').click();
  await page.waitForFunction(() => document.querySelector('.w2v-progress')?.value >= 1, null, { timeout: 120_000 });
  await page.waitForFunction(() => document.querySelectorAll('.w2v-loss svg path').length > 0 && document.querySelector('#player button[data-action="play"]')?.textContent === '▶');
  const yTicks = await page.locator('.w2v-loss svg .axis text[text-anchor="end"]').allTextContents();
  assert.equal(yTicks[0], '0', `y-axis labels ${yTicks.join(', ')}`);
  await page.locator('.w2v-space').scrollIntoViewIfNeeded();
  await shot(page, 'word2vec-small-text');
  // FastText says the same; the notice goes with its cause (a larger text).
  await tab(page, 'fasttext');
  await page.waitForFunction(() => /small text/.test(document.querySelector('.ft-train .vs-notice:not([hidden])')?.textContent ?? ''));
  await page.locator('#corpus-panel select').first().selectOption('en');
  await page.waitForFunction(() => /^One day, the man went to the farm/.test(document.querySelector('#corpus-panel textarea')?.value ?? '') && document.querySelector('.ft-train .vs-notice')?.hidden === true);
  assert.deepEqual(errors, []);
});

// Chapters 3, 4, 6 and 8 on a text they cannot train on (empty, one word, only emoji), reached by
// their tab as a class would: the chapter's own message says what to change (fewer than two words:
// a longer text, not a lower min count, which would not help), the chapter shows why in place of its pictures, ▶ comes
// back to ▶ and says it again, the typed text stays; the message goes when a sample comes back.
const NO_MODEL = [
  ['en', 'rnn', '', 0, /text is empty/, '.rnn-training .empty-state'],
  ['en', 'rnn', 'hello', 1, /use a longer text/, '.rnn-training .empty-state'],
  ['ko', 'transformer', '', 0, /텍스트가 비어 있습니다/, '.tf-training .empty-state'],
  ['en', 'transformer', 'hello', 1, /longer text/, '.tf-training .empty-state'],
  ['en', 'word2vec', 'hello', 1, /at least two different words \(punctuation and emoji do not count\)\.$/, '.w2v-space .vs-empty'],
  ['en', 'word2vec', '😀 🎉 😀 🎉', 4, /at least two different words \(punctuation and emoji do not count\)\.$/, '.w2v-space .vs-empty'],
  ['ko', 'fasttext', '안녕', 1, /서로 다른 단어가 적어도 두 개 있어야 합니다 \(문장 부호와 이모지는 세지 않습니다\)\.$/, '.ft-train .vs-empty'],
];
/** The chapter has a model: values its failure resets ('—', data-ready false). */
const MODEL = {
  rnn: () => document.querySelector('#chapter')?.dataset.ready === 'true',
  transformer: () => document.querySelector('#chapter')?.dataset.ready === 'true',
  word2vec: () => /×/.test(document.querySelector('.w2v-stats .stat:last-of-type strong')?.textContent ?? ''),
  fasttext: () => /×/.test(document.querySelector('[data-stat="ft.vocab"] .v')?.textContent ?? ''),
};
for (const [lang, ch, text, tokens, want, emptySel] of NO_MODEL) {
  const what = !text ? 'an empty' : /\p{L}/u.test(text) ? 'a one-word' : 'an emoji-only';
  test(`${ch} on ${what} text (${lang}): its message says what to change, ▶ comes back, the text stays`, async () => {
    const { page, open, errors } = app;
    // The emoji case starts in the chapter with a model on the sample, whose answers must then go.
    const inChapter = what === 'an emoji-only';
    await open(`#/${inChapter ? ch : 'corpus'}?lang=${lang}&corpus.sample=${lang}`);
    if (inChapter) {
      await waitDrawn(page, ch);
      await page.waitForFunction(() => document.querySelectorAll('.wt .vs-list li').length > 0 && document.querySelectorAll('.walk .walk-tokens .chip').length > 0);
    }
    await page.locator('#corpus-panel textarea').fill(text);
    await page.waitForFunction((n) => new RegExp(`^(${n} tokens?|토큰 ${n}개) `).test(document.querySelector('.summary')?.textContent ?? ''), tokens);
    await tab(page, ch);
    const mine = `#messages .msg[data-owner="${ch}"]`;
    await page.waitForFunction(([sel, re]) => new RegExp(re).test(document.querySelector(sel)?.firstChild?.textContent ?? ''), [mine, want.source]);
    if (text) assert.doesNotMatch(await page.locator(mine).textContent(), /min count|최소 빈도/);
    await page.waitForFunction((sel) => document.querySelector(sel)?.checkVisibility(), emptySel);
    if (ch === 'transformer') assert.equal(await page.locator('.tf-attention').isHidden(), true, 'no attention of a model that is not there');
    if (ch === 'word2vec') {
      // No answers or walkthrough of the model that was there before.
      assert.equal(await page.locator('.wt .wt-out > *').count(), 0);
      assert.equal(await page.locator('.walk .walk-tokens').count(), 0);
    }
    assert.deepEqual(await covered(page), []);
    await shot(page, `nomodel-${ch}-${lang}-${what.split(' ').at(-1)}`);
    // Close it, press ▶: the message is back, the button is ▶ again once the attempt is over.
    await page.locator(`${mine} button`).click();
    await page.waitForFunction((sel) => !document.querySelector(sel), mine);
    await page.locator('#player button[data-action="play"]').click();
    await page.waitForFunction((sel) => document.querySelector(sel) && document.querySelector('#player')?.dataset.running === 'false'
      && document.querySelector('#player button[data-action="play"]').textContent === '▶', mine);
    assert.equal(await page.locator('#corpus-panel textarea').inputValue(), text);
    // A text to train on: the chapter has a model again (a state the failure reset, not the
    // picture of the model before it), and the message has gone.
    await page.locator('#corpus-panel select').first().selectOption(lang);
    await page.waitForFunction(MODEL[ch], null, { timeout: 60_000 });
    assert.equal(await page.locator(mine).count(), 0);
    assert.deepEqual(errors, []);
  });
}
