// The pretrained chapter's masked-word section: the loaded checkpoint's MLM head (BERT's
// cls.predictions: the shipped demo has it, as does any BertForMaskedLM / BertForPreTraining)
// fills each [MASK] of a sentence; the view is the Transformer chapter's (views/masked.js).
import { h } from '../dom.js';
import { maskedExample } from '../examples.js';
import { errorText } from '../i18n.js';
import { maskedView } from '../views/masked.js';

export function maskedSection(ctx) {
  const { t, state, setState } = ctx;
  const example = () => maskedExample(ctx.examples().pretrained.sentence, ctx.examples().homonyms).text;
  const input = h('input.big', { type: 'text', value: state.pretrained.masked || example(), 'aria-label': t('pt.masked'),
    onchange: () => { setState({ pretrained: { masked: input.value === example() ? '' : input.value } }); show(); } });
  const out = h('div.tf-predict-out.pt-masked-out');
  const body = h('div', h('p.hint', t('pt.maskedHint')),
    h('label.field.pt-masked-field', t('pt.maskedSentence'), input),
    h('button', { type: 'button', dataset: { action: 'pt-predict' }, onclick: () => show() }, t('pt.fill')), out);
  const none = h('p.empty', t('pt.noMlm'));
  let info = null;
  let seq = 0;
  async function show() {
    if (!info?.hasMlmHead) return;
    const mine = ++seq;
    try {
      const r = await ctx.worker.call('pt.predict', { text: input.value, k: 8 });
      if (mine !== seq) return;
      ctx.clearMessage?.('pt.masked');
      out.replaceChildren(...maskedView(r));
      out.dataset.masks = String(r.length);
      out.dataset.top = r.map((top) => top[0]?.token ?? '').join(' ');
    } catch (err) {
      if (mine === seq) ctx.message('error', errorText(err), 'pt.masked');
    }
  }
  return {
    el: h('section.card.wide.pt-masked', h('h3', t('pt.masked')), body, none),
    onCorpus() {
      if (!state.pretrained.masked && input.value !== example()) { input.value = example(); show(); }
    },
    onModel(i) {
      info = i;
      body.hidden = !i.hasMlmHead;
      none.hidden = !!i.hasMlmHead;
      show();
    },
  };
}
