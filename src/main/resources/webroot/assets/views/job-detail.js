// One job: its definition, the actions on it, its next fires, its history (status and drift, keyed
// pages) and a chart of drift over time. The history's first page refreshes itself.
import * as api from '../api.js';
import { h, show, table, action, time, statusBadge, message, describe } from '../dom.js';
import { driftChart } from './drift-chart.js';
import { select } from './jobs.js';

const REFRESH_MS = 2000;
const STATUSES = ['', 'SUCCEEDED', 'FAILED', 'RUNNING', 'CLAIMED', 'SKIPPED', 'MISSED'];

export async function jobDetail(main, id) {
  const path = '/jobs/' + encodeURIComponent(id);
  const summary = h('div', { id: 'job-summary' });
  const notice = h('div', { id: 'job-notice' });
  const fires = h('div');
  const chartBox = h('div', { id: 'drift-chart', class: 'chart' });
  const history = h('div', { id: 'job-history' });
  const status = select('history-status', STATUSES.map((s) => [s, s || 'Any status']), '');
  const prev = h('button', { type: 'button', class: 'secondary' }, '← Newer');
  const next = h('button', { type: 'button', class: 'secondary' }, 'Older →');
  const cursors = [null];
  let chart = null;

  show(main, summary, notice,
    h('h3', {}, 'Next fires'), fires,
    h('h3', {}, 'Drift over time'), chartBox,
    h('div', { class: 'title-row' }, h('h3', {}, 'History'), status),
    history, h('div', { class: 'pager' }, prev, next));

  async function loadJob() {
    const job = await api.get(path);
    const state = job.deleted ? 'deleted' : job.active ? 'active' : 'paused';
    const run = (work, done) => async () => {
      try {
        await work(job);
        show(notice, message(done, 'ok'));
      } catch (e) {
        show(notice, message(describe(e)));
      }
      await loadJob();
    };
    show(summary,
      h('div', { class: 'title-row' }, h('h2', {}, job.name), h('span', { class: 'badge ' + state, id: 'job-state' }, state)),
      h('dl', { class: 'facts' },
        fact('Schedule', h('code', {}, job.schedule)), fact('Zone', job.timezone),
        fact('Target', `${job.target.method} ${job.target.url}`), fact('Delivery', job.executionType),
        fact('Misfire / overlap', `${job.misfirePolicy} / ${job.overlapPolicy}`),
        fact('Next fire', time(job.nextFireTime) || '–'), fact('Version', job.version),
        job.schedulable ? null : fact('Not scheduled', job.unschedulableReason)),
      h('div', { class: 'buttons' },
        action('Edit', 'write', () => { location.hash = `#/jobs/${encodeURIComponent(job.id)}/edit`; }, { id: 'edit-job' }),
        action(job.active ? 'Pause' : 'Resume', 'write',
          run((j) => api.patch(path, { active: !j.active, version: j.version }), job.active ? 'Paused.' : 'Resumed.'),
          { id: job.active ? 'pause-job' : 'resume-job' }),
        action('Trigger now', 'write', run(() => api.post(path + '/trigger'), 'Triggered: it fires now.'), { id: 'trigger-job' }),
        job.deleted ? null : action('Delete', 'write', run(async () => {
          if (!confirm(`Delete ${job.name}? It stops firing; PATCH active=true restores it.`)) throw new Error('Not deleted.');
          await api.del(path);
        }, 'Deleted.'), { id: 'delete-job', class: 'danger' })));
    await loadFires();
  }

  async function loadFires() {
    const schedule = await api.get(path + '/schedule?count=5');
    show(fires, schedule.active
      ? h('ol', {}, schedule.fireTimes.map((t) => h('li', {}, time(t))))
      : h('p', { class: 'muted' }, 'Not firing (paused or deleted).'));
  }

  async function loadHistory() {
    const cursor = cursors[cursors.length - 1];
    try {
      const page = await api.get(path + '/executions' + api.query({ limit: 50, status: status.value, cursor }));
      show(history, page.items.length === 0 ? h('p', { class: 'muted' }, 'No executions yet.') : table(
        ['Scheduled (UTC)', 'Status', 'Drift', 'HTTP', 'Duration', 'Attempts', 'Trigger', 'Error'],
        page.items.map((e) => [time(e.scheduledAt), statusBadge(e.status), ms(e.driftMs), e.httpStatus ?? '',
          ms(e.durationMs), e.attempts, e.trigger, e.error || '']),
        { id: 'history-table' }));
      prev.disabled = cursors.length === 1;
      next.disabled = !page.next;
      next.onclick = () => { cursors.push(page.next); loadHistory(); };
    } catch (e) {
      show(history, message(describe(e)));
    }
  }

  async function loadChart() {
    const page = await api.get(path + '/executions?limit=500');
    const points = page.items.filter((e) => e.driftMs !== null).reverse();
    const data = [points.map((e) => Date.parse(e.scheduledAt) / 1000), points.map((e) => e.driftMs)];
    if (chart) chart.setData(data);
    else chart = driftChart(chartBox, data);
  }

  prev.onclick = () => { cursors.pop(); loadHistory(); };
  status.addEventListener('change', () => { cursors.length = 1; loadHistory(); });
  await loadJob();
  await Promise.all([loadHistory(), loadChart()]);
  const timer = setInterval(() => {
    if (cursors.length === 1) loadHistory();
    loadChart().catch(() => {});
    loadFires().catch(() => {});
  }, REFRESH_MS);
  return () => {
    clearInterval(timer);
    if (chart) chart.destroy();
  };
}

function fact(label, value) {
  return [h('dt', {}, label), h('dd', {}, value)];
}

function ms(value) {
  return value === null || value === undefined ? '' : `${value} ms`;
}
