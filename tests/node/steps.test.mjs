// The step-trained chapters' player (www/worker/steps.js), on a stand-in model counting steps: how
// many steps a slice holds at each speed, that a run stops when done, when paused and when a
// step supersedes it, that `need` guards every message and that evaluations and the final
// snapshot happen when training ends. Nothing here depends on timing (only the order of events).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SLICE, stepHandlers } from '../../www/worker/steps.js';

/** A chapter with a model of `total` steps; `onSlice(S, n)` runs after each slice. */
function chapter(total, onSlice = () => {}) {
  const S = { running: false, runId: 0, speed: 3, step: 0, slices: [], evals: 0, model: true };
  const slice = (n) => {
    S.step = Math.min(total, S.step + n);
    S.slices.push(n);
    onSlice(S, n);
    return S.step >= total;
  };
  const need = () => {
    if (!S.model) throw new Error('no model');
  };
  const snapshot = () => ({ step: S.step, done: S.step >= total, evals: S.evals });
  const evaluate = () => S.evals++;
  const h = stepHandlers('x', S, { need, slice, snapshot, evaluate, stepSize: 7 });
  const posts = [];
  const w = { posts, post: (topic, data) => posts.push({ topic, data }), yield: () => new Promise((r) => setTimeout(r, 0)) };
  return { S, h, w };
}

test('train runs slices of SLICE[speed − 1] steps until done, then evaluates and posts the last snapshot', async () => {
  const { S, h, w } = chapter(100);
  assert.deepEqual(Object.keys(h).sort(), ['x.pause', 'x.speed', 'x.step', 'x.train']);
  assert.equal(h['x.speed']({ speed: 9 }), 5);
  assert.equal(h['x.speed']({ speed: 0 }), 1);
  assert.equal(h['x.speed']({ speed: 4 }), 4);
  const last = await h['x.train']({}, w);
  assert.deepEqual(last, { step: 100, done: true, evals: S.evals });
  assert.ok(S.slices.every((n) => n === SLICE[3]), JSON.stringify(S.slices));
  assert.ok(S.evals >= 1, 'evaluated when done');
  assert.equal(S.running, false);
  // The first slice is posted at once, the last one because it is done.
  assert.equal(w.posts[0].topic, 'x.snapshot');
  assert.deepEqual(w.posts.at(-1).data, { step: 100, done: true, evals: S.evals });
});

test('pause stops a run after the slice in progress; train again resumes where it stopped', async () => {
  const { S, h, w } = chapter(1000, (S) => {
    if (S.slices.length === 3) h['x.pause']();
  });
  h['x.speed']({ speed: 1 });
  const paused = await h['x.train']({}, w);
  assert.deepEqual([paused.step, paused.done, S.running], [3, false, false]);
  h['x.speed']({ speed: 5 });
  const done = await h['x.train']({}, w);
  assert.equal(done.done, true);
  assert.deepEqual(S.slices.slice(0, 4), [1, 1, 1, 16]);
});

test('a step stops a run in progress and trains stepSize steps; the run ends without training further', async () => {
  const { S, h, w } = chapter(1000);
  h['x.speed']({ speed: 2 });
  const run = h['x.train']({}, w);
  // The run trains its first slice synchronously, then yields; the step comes in between.
  const stepped = h['x.step']({}, w);
  assert.deepEqual([stepped.step, S.slices], [SLICE[1] + 7, [SLICE[1], 7]]);
  assert.equal(stepped.evals, S.evals);
  const ended = await run;
  assert.equal(ended.step, SLICE[1] + 7, 'no slice after the step');
  assert.equal(S.running, false);
});

test('without a model, train and step throw the chapter’s error and nothing trains', async () => {
  const { S, h, w } = chapter(10);
  S.model = false;
  await assert.rejects(h['x.train']({}, w), /no model/);
  assert.throws(() => h['x.step']({}, w), /no model/);
  assert.deepEqual([S.slices, w.posts, S.running], [[], [], false]);
});
