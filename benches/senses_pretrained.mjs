// The Transformer chapter's homonym view through a pretrained checkpoint: how well the word's
// vectors group by sense at every layer, for the view's own sentences (www/contexts.js: the word at
// one place in every sentence) and the 12-sentence check set of examples/common/senses_sets.rs
// ("matched", copied below: the word at matching places in every sense), in English and Korean,
// and a 6-sentence dev set (below) for choosing among checkpoints.
//
//   ./scripts/build.sh && nice -n 10 node benches/senses_pretrained.mjs DIR [en|ko]
//
// DIR: a checkpoint folder (config.json, model.safetensors or pytorch_model.bin, vocab.txt or
// tokenizer.json, tokenizer_config.json), e.g. all-MiniLM-L6-v2 or www/models/demo. Not in the test
// command: the real models are tens of MB and not in CI. The model is loaded and read exactly as the
// page does (worker/pretrained.js: 'pt.loadFiles', then 'pt.context' per layer — a word split into
// WordPiece pieces is read at its first piece); the score is the core's senseScore, the line the view
// prints. Each cell: nearest other sentence of the same sense, out of n / mean cosine within a sense −
// across senses (> 0: same-sense uses are closer) / within / across.
import { readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import lib from '../tests/node/pkg.mjs';
import { CONTEXTS, parseGroups } from '../www/contexts.js';
import { handlers } from '../www/worker/pretrained.js';

// examples/common/senses_sets.rs's "matched" sets: the word at matching positions in every sense.
const CHECK = {
  en: [
    ['The bank gave the farmer a loan.', 0], ['At the bank, the woman saved her money.', 0], ['The king put his money in the bank.', 0],
    ['The bank paid interest on the money.', 0], ['The boy took some money from the bank.', 0], ['The princess opened an account at the bank.', 0],
    ['The bank was wet and muddy.', 1], ['From the bank, the boy watched the fish.', 1], ['The girl sat on the bank of the river.', 1],
    ['The bank of the stream was green.', 1], ['Ducks rested on the grassy bank.', 1], ['The old man sat on the bank.', 1],
  ],
  ko: [
    ['배가 천천히 항구로 돌아왔다.', 0], ['작은 배가 바다로 나갔다.', 0], ['항구에는 작은 배가 많이 있었다.', 0], ['배가 파도를 넘어 섬으로 갔다.', 0],
    ['배가 달고 맛있다.', 1], ['가을에는 배가 잘 익었다.', 1], ['이 배가 사과보다 크고 물이 많다.', 1], ['여왕은 달고 시원한 배가 좋았다.', 1],
    ['배가 고파서 왕은 밥을 먹었다.', 2], ['왕자는 배가 아파서 누웠다.', 2], ['밥을 먹자 공주는 배가 불렀다.', 2], ['찬 우유를 마시고 소년은 배가 아팠다.', 2],
  ],
};

// A third set, written for choosing a training run's checkpoint (benches/README.md, "The shipped
// demo retrained"), so that the view's and the check sets stay a test: corpus words where possible,
// not lines of the corpora, the word at varied positions.
const DEV = {
  en: [
    ['The man took his money to the bank.', 0], ['The bank gave the mother some money.', 0], ['The woman paid back the bank.', 0],
    ['The duck went into the water from the bank.', 1], ['The goat ate grass on the bank.', 1], ['The wet bank was near the river.', 1],
  ],
  ko: [
    ['큰 배가 항구를 떠났다.', 0], ['배가 바람에 흔들렸다.', 0], ['배가 아주 달고 시원하다.', 1], ['사과보다 배가 더 달았다.', 1],
    ['배가 고파서 소녀는 빵을 먹었다.', 2], ['아이들은 배가 불러서 잠이 들었다.', 2],
  ],
};

const [dir, only] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node benches/senses_pretrained.mjs DIR [en|ko]');
  process.exit(2);
}
const api = { wasm: lib, post() {} };
const files = readdirSync(dir).filter((f) => !f.startsWith('.')).flatMap((f) => {
  try { return [new File([readFileSync(join(dir, f))], f)]; } catch { return []; } // sub-folders
});
const t0 = Date.now();
const info = await handlers['pt.loadFiles']({ files }, api);
let config = {};
try { config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')); } catch { /* loaded anyway */ }
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
console.log(`${dir}: ${config._name_or_path ?? ''} ${info.architecture}, ${info.numLayers} layers, width ${info.hiddenSize}, vocabulary ${info.vocabSize} (loaded in ${((Date.now() - t0) / 1000).toFixed(1)} s; load ${load()})`);

const f = (x) => (x === null ? '—' : x.toFixed(3));
for (const lang of only ? [only] : ['en', 'ko']) {
  const { word } = CONTEXTS[lang];
  const sets = {
    view: parseGroups(CONTEXTS[lang].text),
    check: CHECK[lang].map(([text, group]) => ({ text, group })),
    dev: DEV[lang].map(([text, group]) => ({ text, group })),
  };
  for (const [name, sentences] of Object.entries(sets)) {
    const rows = [];
    let pieces = '';
    for (let layer = 0; layer <= info.numLayers; layer++) {
      const r = handlers['pt.context']({ sentences, word, layer }, api);
      pieces = [...new Set(r.points.map((p) => p.pieces.join(' ')))].join(' | ');
      const s = r.senses;
      rows.push(s ? `| L${layer} | ${s.nn}/${s.n} | ${s.within === null || s.across === null ? '—' : (s.within - s.across >= 0 ? '+' : '') + (s.within - s.across).toFixed(3)} | ${f(s.within)} | ${f(s.across)} |` : `| L${layer} | 0/0 | — | — | — |`);
    }
    console.log(`\n${lang} ${name} (${sentences.length} sentences, word "${word}" read as ${pieces || 'not found'}):\n`);
    console.log('| layer | nearest same sense | within − across | within | across |\n|---|---|---|---|---|');
    console.log(rows.join('\n'));
  }
}
console.log(`\n${((Date.now() - t0) / 1000).toFixed(0)} s wall, ${(process.cpuUsage().user / 1e6).toFixed(0)} s CPU; load ${load()}`);
