// The job table: name-prefix search, active/paused filter, sort, and keyed paging (GET /jobs with
// sort, order, active, name and cursor); a stack of cursors makes "Previous" possible.
import * as api from '../api.js';
import { h, show, table, action, time, message, describe } from '../dom.js';

const PAGE = 25;
// Kept across visits of the view, so "back" from a job returns to the same page.
const state = { name: '', active: '', sort: 'createdAt', order: 'desc', cursors: [null] };

export async function jobList(main) {
  const search = h('input', { type: 'search', id: 'job-search', placeholder: 'Name starts with…', value: state.name });
  const active = select('job-filter', [['', 'All'], ['true', 'Active'], ['false', 'Paused']], state.active);
  const sort = select('job-sort', [['createdAt', 'Created'], ['name', 'Name']], state.sort);
  const order = select('job-order', [['desc', 'Descending'], ['asc', 'Ascending']], state.order);
  const result = h('div', { id: 'job-table' });
  const notice = h('div');
  const prev = h('button', { type: 'button', class: 'secondary', id: 'jobs-prev' }, '← Previous');
  const next = h('button', { type: 'button', class: 'secondary', id: 'jobs-next' }, 'Next →');
  const pageLabel = h('span', { class: 'muted' });

  show(main,
    h('div', { class: 'title-row' }, h('h2', {}, 'Jobs'),
      action('New job', 'write', () => { location.hash = '#/jobs/new'; }, { id: 'new-job' })),
    h('div', { class: 'toolbar' }, search, active, sort, order),
    notice, result, h('div', { class: 'pager' }, prev, pageLabel, next));

  async function load() {
    const cursor = state.cursors[state.cursors.length - 1];
    try {
      const page = await api.get('/jobs' + api.query({
        limit: PAGE, name: state.name, active: state.active, sort: state.sort, order: state.order, cursor,
      }));
      show(result, page.items.length === 0 ? h('p', { class: 'muted' }, 'No jobs.') : table(
        ['Name', 'Schedule', 'Zone', 'State', 'Next fire (UTC)', ''],
        page.items.map((job) => row(job, notice, load))));
      prev.disabled = state.cursors.length === 1;
      next.disabled = !page.next;
      next.onclick = () => { state.cursors.push(page.next); load(); };
      pageLabel.textContent = `Page ${state.cursors.length}`;
    } catch (e) {
      show(result, message(describe(e)));
    }
  }
  prev.onclick = () => { state.cursors.pop(); load(); };
  let typing = null;
  search.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => restart({ name: search.value }), 250);
  });
  active.addEventListener('change', () => restart({ active: active.value }));
  sort.addEventListener('change', () => restart({ sort: sort.value }));
  order.addEventListener('change', () => restart({ order: order.value }));
  function restart(change) {
    Object.assign(state, change, { cursors: [null] });
    load();
  }
  await load();
  return () => clearTimeout(typing);
}

function row(job, notice, reload) {
  const state = job.active ? 'active' : 'paused';
  const run = (work, done) => async () => {
    try {
      await work();
      show(notice, message(done, 'ok'));
      reload();
    } catch (e) {
      show(notice, message(describe(e)));
    }
  };
  return h('tr', { 'data-job': job.name },
    h('td', {}, h('a', { href: '#/jobs/' + encodeURIComponent(job.id) }, job.name)),
    h('td', {}, h('code', {}, job.schedule)),
    h('td', {}, job.timezone),
    h('td', {}, h('span', { class: 'badge ' + state }, state), job.schedulable ? null : h('span', { class: 'badge failed', title: job.unschedulableReason }, 'unschedulable')),
    h('td', {}, time(job.nextFireTime)),
    h('td', { class: 'actions' },
      action(job.active ? 'Pause' : 'Resume', 'write',
        run(() => api.patch('/jobs/' + job.id, { active: !job.active, version: job.version }),
          `${job.name} ${job.active ? 'paused' : 'resumed'}.`), { class: 'small' }),
      action('Trigger', 'write',
        run(() => api.post(`/jobs/${job.id}/trigger`), `${job.name} triggered.`), { class: 'small' })));
}

export function select(id, options, value) {
  return h('select', { id }, options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)));
}
