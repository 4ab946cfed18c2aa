// The pretrained chapter's two cards of the checkpoint's heads: the masked-word card (BERT's
// cls.predictions: the shipped demo has it, as does any BertForMaskedLM / BertForPreTraining, which
// fills each [MASK] of a sentence; the view is the Transformer chapter's, views/masked.js) and the
// ELECTRA card (the discriminator marks the tokens it thinks were replaced). Both have the shape of
// headCard().
import { h } from '../dom.js';
import { maskedExample } from '../examples.js';
import { errorText, fmt } from '../i18n.js';
import { maskedView } from '../views/masked.js';

/**
 * A card for one of the checkpoint's heads: a sentence box (the text's example until the user types
 * another, which is kept in state.pretrained[key] and the link), the head's answer for it, and
 * `noHead` instead when `has(info)` says the checkpoint lacks the head. `ask(text)` queries the
 * worker, `render(answer)` fills `out`; an error goes to the chapter's message (owner pt.<key>) and
 * leaves with the next good answer. `live`: answer on every keystroke, else on Enter / leaving the
 * box; `label`, `button`: a labelled box and a button that asks again.
 */
function headCard(ctx, { key, cls, title, hint, noHead, has, example, live = false, label = null, button = null, out, ask, render }) {
  const { state, setState } = ctx;
  const owner = `pt.${key}`;
  const input = h('input.big', { type: 'text', value: state.pretrained[key] || example(), 'aria-label': title });
  input.addEventListener(live ? 'input' : 'change', () => {
    setState({ pretrained: { [key]: input.value === example() ? '' : input.value } });
    show();
  });
  const body = h('div', h('p.hint', hint), label ? h(`label.field.${cls}-field`, label, input) : input,
    button ? h('button', { type: 'button', dataset: { action: button.action }, onclick: () => show() }, button.text) : null, out);
  const none = h('p.empty', noHead);
  let info = null;
  let seq = 0;
  async function show() {
    if (!info || !has(info)) return;
    const mine = ++seq;
    try {
      const r = await ask(input.value);
      if (mine !== seq) return;
      ctx.clearMessage?.(owner);
      render(r);
    } catch (err) {
      if (mine === seq) ctx.message('error', errorText(err), owner);
    }
  }
  return {
    el: h(`section.card.wide.${cls}`, h('h3', title), body, none),
    onCorpus() {
      if (!state.pretrained[key] && input.value !== example()) { input.value = example(); show(); }
    },
    onModel(i) {
      info = i;
      body.hidden = !has(i);
      none.hidden = has(i);
      show();
    },
  };
}

export function maskedSection(ctx) {
  const { t } = ctx;
  const out = h('div.tf-predict-out.pt-masked-out');
  return headCard(ctx, {
    key: 'masked', cls: 'pt-masked', title: t('pt.masked'), hint: t('pt.maskedHint'), noHead: t('pt.noMlm'),
    has: (i) => Boolean(i.hasMlmHead),
    example: () => maskedExample(ctx.examples().pretrained.sentence, ctx.examples().homonyms).text,
    label: t('pt.maskedSentence'), button: { action: 'pt-predict', text: t('pt.fill') }, out,
    ask: (text) => ctx.worker.call('pt.predict', { text, k: 8 }),
    render: (r) => {
      out.replaceChildren(...maskedView(r));
      out.dataset.masks = String(r.length);
      out.dataset.top = r.map((top) => top[0]?.token ?? '').join(' ');
    },
  });
}

export function electraSection(ctx) {
  const { t } = ctx;
  const out = h('div.pt-replaced');
  return headCard(ctx, {
    key: 'electra', cls: 'pt-electra', title: t('pt.electra'), hint: t('pt.electraHint'), noHead: t('pt.noElectra'),
    has: (i) => Boolean(i.hasDiscriminator), example: () => ctx.examples().pretrained.electra, live: true, out,
    ask: (text) => ctx.worker.call('pt.replaced', { text }),
    render: (r) => out.replaceChildren(...r.tokens.map((tok, i) => {
      const p = r.p[i];
      return h('span.pt-rep', { style: { background: `rgba(220, 38, 38, ${0.08 + 0.85 * p})`, color: p > 0.6 ? '#fff' : 'inherit' }, title: p.toFixed(3) },
        h('b', tok), h('small', `${fmt(100 * p, 0)}%`));
    })),
  });
}
