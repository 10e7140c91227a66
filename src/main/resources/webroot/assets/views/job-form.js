// Create or edit a job. The schedule is checked as it is typed (GET /schedules/preview, the same
// checks as a create) and the next five fire times are shown in the job's zone. An edit is a PATCH
// carrying the version it was read at, so a concurrent change is refused (412) rather than lost.
import * as api from '../api.js';
import { session } from '../session.js';
import { h, show, message, describe } from '../dom.js';

const ZONES = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];

function field(label, input, help) {
  return h('label', { class: 'field' }, h('span', {}, label), input, help ? h('small', { class: 'muted' }, help) : null);
}

function choice(name, values, value) {
  return h('select', { name, id: 'job-' + name }, values.map((v) => h('option', { value: v, selected: v === value }, v)));
}

export async function jobForm(main, id) {
  const job = id ? await api.get('/jobs/' + encodeURIComponent(id)) : null;
  const v = job || { timezone: 'UTC', executionType: 'AT_LEAST_ONCE', timeoutMs: 10000, retry: { maxAttempts: 3 },
    misfirePolicy: 'FIRE_ONCE', overlapPolicy: 'ALLOW', active: true, target: { method: 'POST' } };
  const input = (name, value, attrs = {}) => h('input', { name, id: 'job-' + name, value: value ?? '', ...attrs });
  const inputs = {
    name: input('name', v.name, { required: true, maxlength: 200 }),
    schedule: input('schedule', v.schedule, { required: true, placeholder: '*/5 * * * * *', spellcheck: 'false' }),
    timezone: input('timezone', v.timezone, { list: 'zones', spellcheck: 'false' }),
    url: input('url', v.target.url, { required: true, placeholder: 'https://example.com/hook', type: 'url' }),
    method: choice('method', ['POST', 'PUT', 'PATCH', 'GET', 'DELETE'], v.target.method),
    headers: h('textarea', { name: 'headers', id: 'job-headers', rows: 2, placeholder: '{"Authorization": "Bearer …"}' },
      v.target.headers && Object.keys(v.target.headers).length ? JSON.stringify(v.target.headers) : ''),
    body: h('textarea', { name: 'body', id: 'job-body', rows: 2, placeholder: 'any JSON; empty sends cronwheel\'s envelope' },
      v.target.body === undefined || v.target.body === null ? '' : JSON.stringify(v.target.body)),
    executionType: choice('executionType', ['AT_LEAST_ONCE', 'AT_MOST_ONCE'], v.executionType),
    timeoutMs: input('timeoutMs', v.timeoutMs, { type: 'number', min: 1 }),
    maxAttempts: input('maxAttempts', v.retry.maxAttempts, { type: 'number', min: 1 }),
    misfirePolicy: choice('misfirePolicy', ['FIRE_ONCE', 'FIRE_ALL', 'SKIP'], v.misfirePolicy),
    overlapPolicy: choice('overlapPolicy', ['ALLOW', 'SKIP', 'QUEUE'], v.overlapPolicy),
    alertWebhook: input('alertWebhook', v.alertWebhook, { placeholder: 'optional' }),
    active: h('input', { type: 'checkbox', name: 'active', id: 'job-active', checked: v.active }),
  };
  const preview = h('div', { id: 'schedule-preview', class: 'preview', 'aria-live': 'polite' });
  const result = h('div', { id: 'form-result' });
  const writable = session.can('write');
  const save = h('button', { type: 'submit', id: 'save-job', disabled: !writable, title: writable ? null : 'needs the write role' },
    job ? 'Save changes' : 'Create job');
  const form = h('form', { id: 'job-form', class: 'job-form', novalidate: true },
    h('datalist', { id: 'zones' }, ZONES.map((z) => h('option', { value: z }))),
    field('Name', inputs.name),
    field('Schedule', inputs.schedule, 'six fields with seconds: second minute hour day-of-month month day-of-week'),
    field('Time zone', inputs.timezone, 'IANA name, such as Europe/Paris'),
    preview,
    field('Target URL', inputs.url), field('Method', inputs.method),
    field('Headers (JSON object)', inputs.headers), field('Body (JSON)', inputs.body),
    field('Delivery', inputs.executionType), field('Timeout (ms)', inputs.timeoutMs),
    field('Attempts', inputs.maxAttempts), field('Misfire policy', inputs.misfirePolicy),
    field('Overlap policy', inputs.overlapPolicy), field('Alert webhook', inputs.alertWebhook),
    h('label', { class: 'check' }, inputs.active, ' Active'),
    h('div', { class: 'buttons' }, save,
      h('a', { href: job ? '#/jobs/' + encodeURIComponent(job.id) : '#/jobs', class: 'button secondary' }, 'Cancel'),
      writable ? null : h('span', { class: 'muted' }, 'needs the write role')),
    result);
  show(main, h('h2', {}, job ? 'Edit ' + job.name : 'New job'), form);

  let pending = null;
  let asked = 0;
  async function validate() {
    const mine = ++asked;
    try {
      const answer = await api.get('/schedules/preview' + api.query({
        schedule: inputs.schedule.value, timezone: inputs.timezone.value, count: 5 }));
      if (mine !== asked) return;
      markInvalid(null);
      show(preview, h('strong', {}, `Next fire times (${answer.timezone})`),
        h('ol', { id: 'next-fires' }, answer.nextLocal.map((t) => h('li', {}, t.replace('T', ' ')))));
    } catch (e) {
      if (mine !== asked) return;
      markInvalid(e.field);
      show(preview, message(describe(e)));
    }
  }
  function markInvalid(name) {
    inputs.schedule.classList.toggle('invalid', name === 'schedule');
    inputs.timezone.classList.toggle('invalid', name === 'timezone');
  }
  for (const el of [inputs.schedule, inputs.timezone]) {
    el.addEventListener('input', () => { clearTimeout(pending); pending = setTimeout(validate, 200); });
  }
  if (inputs.schedule.value) validate();

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    let definition;
    try {
      definition = collect(inputs);
    } catch (e) {
      show(result, message(e.message));
      return;
    }
    try {
      const saved = job
        ? await api.patch('/jobs/' + job.id, { ...definition, version: job.version })
        : await api.post('/jobs', definition);
      location.hash = '#/jobs/' + encodeURIComponent(saved.id);
    } catch (e) {
      const bad = e.field && inputs[e.field.split('.').pop()];
      if (bad) bad.classList.add('invalid');
      show(result, message(describe(e)));
    }
  });
  return () => clearTimeout(pending);
}

function json(text, name) {
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${name}: not valid JSON`);
  }
}

function collect(inputs) {
  const target = { url: inputs.url.value.trim(), method: inputs.method.value,
    headers: json(inputs.headers.value, 'target.headers') || {} };
  // An empty body is sent as null (cronwheel's envelope), so clearing it in an edit removes it.
  const body = json(inputs.body.value, 'target.body');
  target.body = body === undefined ? null : body;
  const number = (el) => (el.value === '' ? undefined : Number(el.value));
  return {
    name: inputs.name.value.trim(),
    schedule: inputs.schedule.value.trim(),
    timezone: inputs.timezone.value.trim() || 'UTC',
    target,
    executionType: inputs.executionType.value,
    timeoutMs: number(inputs.timeoutMs),
    retry: { maxAttempts: number(inputs.maxAttempts) },
    misfirePolicy: inputs.misfirePolicy.value,
    overlapPolicy: inputs.overlapPolicy.value,
    alertWebhook: inputs.alertWebhook.value.trim() || null,
    active: inputs.active.checked,
  };
}
