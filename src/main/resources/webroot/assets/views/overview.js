// Live cards from GET /stats, refreshed every few seconds.
import * as api from '../api.js';
import { h, show, message } from '../dom.js';

const REFRESH_MS = 3000;

function card(label, value, note) {
  return h('div', { class: 'card', 'data-card': label }, h('div', { class: 'label' }, label),
    h('div', { class: 'value' }, value), note ? h('div', { class: 'note' }, note) : null);
}

function round(ms) {
  return Number.isFinite(ms) ? String(Math.round(ms)) : '–';
}

export async function overview(main) {
  const cards = h('div', { class: 'cards', id: 'cards' });
  const status = h('div');
  show(main, h('h2', {}, 'Overview'), cards, status);
  async function refresh() {
    try {
      const s = await api.get('/stats');
      const n = s.node;
      const hour = n.lastHourWindowSeconds >= 3590 ? 'last hour' : `last ${Math.max(1, Math.round(n.lastHourWindowSeconds / 60))} min`;
      show(cards,
        card('Jobs active', s.jobs.active),
        card('Jobs paused', s.jobs.paused),
        card('Fires/s now', n.firesPerSecond, 'this node, last 10 s'),
        card('Succeeded', n.succeededLastHour, `this node, ${hour}`),
        card('Failed', n.failedLastHour, `this node, ${hour}`),
        card('Drift p50 / p99', `${round(n.driftP50Ms)} / ${round(n.driftP99Ms)}`, 'ms; this node, last minute'),
        card('In flight', n.inFlight, 'this node'),
        card('Record backlog', n.recordBacklog, 'this node'),
        card('Nodes', s.nodes, `${s.partitions} partitions; this node ${n.id} holds ${n.partitionsOwned}`));
      show(status, h('p', { class: 'muted' }, `Updated ${new Date().toLocaleTimeString()}; the node figures are those of ${n.id}, the node that answered.`));
    } catch (e) {
      show(status, message(e.message));
    }
  }
  await refresh();
  const timer = setInterval(refresh, REFRESH_MS);
  return () => clearInterval(timer);
}
