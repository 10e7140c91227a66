// All executions, newest first, by status and scheduled-time range (GET /executions with status,
// from, to and cursor). The range inputs are in the browser's time; the API gets UTC instants.
import * as api from '../api.js';
import { h, show, table, time, statusBadge, message, describe } from '../dom.js';
import { select } from './jobs.js';

const STATUSES = ['', 'SUCCEEDED', 'FAILED', 'RUNNING', 'CLAIMED', 'SKIPPED', 'MISSED'];

export async function executions(main) {
  const status = select('exec-status', STATUSES.map((s) => [s, s || 'Any status']), '');
  const from = h('input', { type: 'datetime-local', id: 'exec-from', step: 1 });
  const to = h('input', { type: 'datetime-local', id: 'exec-to', step: 1 });
  const result = h('div', { id: 'exec-table' });
  const prev = h('button', { type: 'button', class: 'secondary' }, '← Newer');
  const next = h('button', { type: 'button', class: 'secondary' }, 'Older →');
  const cursors = [null];
  show(main, h('h2', {}, 'Executions'),
    h('div', { class: 'toolbar' }, status,
      h('label', {}, 'From ', from), h('label', {}, 'to ', to),
      h('span', { class: 'muted' }, 'your browser\'s time')),
    result, h('div', { class: 'pager' }, prev, next));

  const instant = (input) => (input.value ? new Date(input.value).toISOString() : null);
  async function load() {
    try {
      const page = await api.get('/executions' + api.query({
        limit: 50, status: status.value, from: instant(from), to: instant(to), cursor: cursors[cursors.length - 1] }));
      show(result, page.items.length === 0 ? h('p', { class: 'muted' }, 'No executions match.') : table(
        ['Scheduled (UTC)', 'Job', 'Status', 'Drift', 'HTTP', 'Attempts', 'Trigger', 'Error'],
        page.items.map((e) => [time(e.scheduledAt),
          h('a', { href: '#/jobs/' + encodeURIComponent(e.jobId) }, e.jobId.slice(0, 8) + '…'),
          statusBadge(e.status), e.driftMs === null ? '' : `${e.driftMs} ms`, e.httpStatus ?? '',
          e.attempts, e.trigger, e.error || ''])));
      prev.disabled = cursors.length === 1;
      next.disabled = !page.next;
      next.onclick = () => { cursors.push(page.next); load(); };
    } catch (e) {
      show(result, message(describe(e)));
    }
  }
  prev.onclick = () => { cursors.pop(); load(); };
  for (const el of [status, from, to]) el.addEventListener('change', () => { cursors.length = 1; load(); });
  await load();
}
