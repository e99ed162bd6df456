// The one WebSocket back to the ingester: snapshot then updates; a gap asks for a snapshot;
// a lost connection reconnects with backoff and jitter.

import { reconnectDelay } from './backoff.js';

export class Connection {
  /**
   * @param {string} url ws:// or wss:// URL of /ws (relative to the page, so --root-path works)
   * @param {(msg: object) => boolean} onMessage returns false when a snapshot is needed
   * @param {(state: string) => void} onState 'connecting' | 'live' | 'down'
   */
  constructor(url, onMessage, onState) {
    this.url = url;
    this.onMessage = onMessage;
    this.onState = onState;
    this.attempt = 0;
    this.socket = null;
    this.timer = null;
    this.retryAt = 0;
    this.subscription = null;
  }

  /**
   * Tells the ingester what the page shows ({type: 'subscribe', group, process, view}), so it can
   * send group aggregates by default and per-process detail only for a selection (it answers with
   * a snapshot for it). An ingester that does not know subscriptions takes any message as a
   * request for a fresh snapshot, which is also correct. Remembered and sent again on every
   * (re)connection.
   */
  subscribe(subscription) {
    const changed = JSON.stringify(subscription) !== JSON.stringify(this.subscription);
    this.subscription = subscription;
    if (changed && this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(subscription));
  }

  open() {
    this.onState('connecting');
    let ws;
    try {
      ws = new WebSocket(this.url);
    } catch (e) {
      this.#retry();
      return;
    }
    this.socket = ws;
    ws.onopen = () => {
      this.attempt = 0;
      // always: a client that never subscribes is sent every process (the stream of `top`)
      if (this.subscription) ws.send(JSON.stringify(this.subscription));
    };
    ws.onmessage = (ev) => {
      let msg;
      try {
        msg = JSON.parse(ev.data);
      } catch (e) {
        ws.send('resync');
        return;
      }
      if (this.onMessage(msg) === false) ws.send('resync');
      else this.onState('live');
    };
    ws.onclose = () => {
      if (this.socket === ws) this.#retry();
    };
    ws.onerror = () => {}; // onclose follows; the page shows the state
  }

  #retry() {
    this.socket = null;
    const delay = reconnectDelay(this.attempt++);
    this.retryAt = performance.now() + delay;
    this.onState('down');
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.open(), delay);
  }

  /** Milliseconds until the next reconnect attempt (0 when connected). */
  retryIn() {
    return this.socket ? 0 : Math.max(0, this.retryAt - performance.now());
  }
}
