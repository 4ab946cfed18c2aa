// The play / pause / step / reset bar that chapters share. A chapter binds its actions; the bar
// keeps the playing state and the keyboard shortcuts (Space: play/pause, "." step, "0" reset).
// Drawing is the chapter's business: it draws whenever a snapshot arrives, at its own rate.
import { t } from './i18n.js';

export class Player {
  constructor(el) {
    this.el = el;
    this.actions = null;
    this.playing = false;
    this.el.replaceChildren();
    const btn = (key, icon, onClick) => {
      const b = document.createElement('button');
      b.dataset.action = key;
      b.textContent = icon;
      b.addEventListener('click', onClick);
      this.el.append(b);
      return b;
    };
    this.resetBtn = btn('reset', '⟲', () => this.reset());
    this.playBtn = btn('play', '▶', () => this.toggle());
    this.playBtn.classList.add('primary');
    this.stepBtn = btn('step', '⇥', () => this.step());
    const speedLabel = document.createElement('label');
    speedLabel.className = 'field';
    this.speedText = document.createElement('span');
    this.speed = document.createElement('input');
    Object.assign(this.speed, { type: 'range', min: '1', max: '5', value: '3' });
    this.speed.addEventListener('input', () => this.actions?.speed?.(Number(this.speed.value)));
    speedLabel.append(this.speedText, this.speed);
    this.el.append(speedLabel);
    this.status = document.createElement('span');
    this.status.className = 'status';
    this.status.setAttribute('aria-live', 'off');
    this.el.append(this.status);
    // What the keys do, where the presenter looks for the buttons (the long form on hover).
    this.keys = document.createElement('span');
    this.keys.className = 'keys';
    this.el.append(this.keys);
    this.retranslate();
  }

  retranslate() {
    this.resetBtn.title = t('player.reset');
    this.resetBtn.setAttribute('aria-label', t('player.reset'));
    this.stepBtn.title = t('player.step');
    this.stepBtn.setAttribute('aria-label', t('player.step'));
    this.speedText.textContent = t('player.speed');
    this.keys.textContent = t('player.keys');
    this.keys.title = t('player.keysLong');
    this.#show();
  }

  /** actions: {play, pause, step, reset, speed(level 1..5)}; any may be missing. */
  bind(actions) {
    this.actions = actions;
    this.playing = false;
    this.el.hidden = false;
    this.setStatus('');
    this.#show();
    if (actions.speed) actions.speed(Number(this.speed.value));
  }

  unbind() {
    if (this.playing) this.actions?.pause?.();
    this.actions = null;
    this.playing = false;
    this.el.hidden = true;
  }

  async toggle() {
    if (!this.actions) return;
    if (this.playing) await this.pause();
    else await this.play();
  }

  async play() {
    if (!this.actions?.play || this.playing) return;
    this.playing = true;
    // data-running: a run is in flight (true from ▶ until the chapter has drawn the run's last
    // snapshot, which comes after ❚❚ flipped the button back): what tests wait for before they read
    // the trained state.
    this.el.dataset.running = 'true';
    this.#show();
    try {
      await this.actions.play();
    } finally {
      // play() resolves when the run ends by itself (done, error) or was paused.
      this.playing = false;
      this.el.dataset.running = 'false';
      this.#show();
    }
  }

  async pause() {
    if (!this.playing) return;
    this.playing = false;
    this.#show();
    await this.actions?.pause?.();
  }

  async step() {
    if (this.playing) await this.pause();
    await this.actions?.step?.();
  }

  async reset() {
    if (this.playing) await this.pause();
    await this.actions?.reset?.();
  }

  setStatus(text) {
    this.status.textContent = text;
  }

  #show() {
    const label = this.playing ? t('player.pause') : t('player.play');
    this.playBtn.textContent = this.playing ? '❚❚' : '▶';
    this.playBtn.title = label;
    this.playBtn.setAttribute('aria-label', label);
    this.playBtn.disabled = !this.actions?.play;
    this.stepBtn.disabled = !this.actions?.step;
    this.resetBtn.disabled = !this.actions?.reset;
  }

  /** Keyboard shortcuts while the bar is bound; returns true when the key was used. */
  key(e) {
    if (!this.actions) return false;
    if (e.key === ' ') { this.toggle(); return true; }
    if (e.key === '.') { this.step(); return true; }
    if (e.key === '0') { this.reset(); return true; }
    return false;
  }
}
