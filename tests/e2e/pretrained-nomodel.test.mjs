// The pretrained chapter when the shipped demo model cannot be loaded (its weights file is
// unreachable) and no other model was loaded: an empty state says so and what to do, in the
// page's language, instead of empty cards; "load the demo again" recovers once the file is back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, shot } from './harness.mjs';

const DEMO_WEIGHTS = '**/models/demo/model.safetensors';

test('pretrained chapter: the demo model fails to load → empty state, then loads on retry', async () => {
  const { page, context, errors, open, close } = await launch({ width: 1366, height: 768 });
  try {
    let blocked = 0;
    await context.route(DEMO_WEIGHTS, (route) => { blocked++; return route.abort(); });
    await open('#/pretrained?lang=ko');
    await page.waitForFunction(() => document.querySelector('.pt-nomodel')?.checkVisibility(), null, { timeout: 30_000 });
    assert.ok(blocked >= 1);
    assert.match(await page.textContent('.pt-nomodel'), /불러온 모델이 없습니다/);
    assert.match(await page.textContent('.msg.error'), /모델을 불러오지 못했습니다/);
    // The views that need a model are hidden, not drawn empty; the loading controls stay usable.
    assert.equal(await page.isVisible('.pt-attention'), false);
    assert.equal(await page.isVisible('.pt-sentence'), false);
    assert.equal(await page.isVisible('.pt-context'), false);
    assert.ok(await page.isEnabled('.pt-load button.primary'));
    await shot(page, 'pretrained-nomodel-ko');

    await open('#/pretrained?lang=en');
    await page.waitForFunction(() => document.querySelector('.pt-nomodel')?.checkVisibility(), null, { timeout: 30_000 });
    assert.match(await page.textContent('.pt-nomodel'), /No model is loaded\..*load the demo again, choose a model’s files/);
    assert.match(await page.textContent('.msg.error'), /Could not load the model/);
    await shot(page, 'pretrained-nomodel');

    // The file is reachable again: the empty state's button loads the demo; the views come back.
    await context.unroute(DEMO_WEIGHTS);
    await page.click('.pt-nomodel button');
    await page.waitForFunction(() => document.querySelectorAll('.att-thumb').length === 16, null, { timeout: 30_000 });
    assert.equal(await page.isVisible('.pt-nomodel'), false);
    assert.ok(await page.isVisible('.pt-attention'));
    assert.equal(await page.$('.msg.error'), null);
    // Only the aborted requests may have logged an error.
    assert.deepEqual(errors.filter((e) => !/Failed to load resource|ERR_FAILED|net::/.test(e)), []);
  } finally {
    await close();
  }
});
