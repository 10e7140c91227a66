// Recent alerts and how their delivery went (GET /alerts).
import * as api from '../api.js';
import { h, show, table, time, statusBadge } from '../dom.js';

export async function alerts(main) {
  const page = await api.get('/alerts?limit=100');
  show(main, h('h2', {}, 'Alerts'), page.items.length === 0 ? h('p', { class: 'muted' }, 'No alerts.') : table(
    ['Raised (UTC)', 'Type', 'Job', 'Failures', 'Delivery', 'Attempts', 'Last error'],
    page.items.map((a) => [time(a.createdAt), a.type,
      a.jobId ? h('a', { href: '#/jobs/' + encodeURIComponent(a.jobId) }, a.jobId.slice(0, 8) + '…') : '',
      `${a.failures} (${a.totalFailures} in episode)`, statusBadge(a.status), a.attempts, a.lastError || ''])));
}
