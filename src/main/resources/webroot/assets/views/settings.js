// The live concurrency caps (GET/PUT /config): stored, and picked up by every engine within a second.
import * as api from '../api.js';
import { session } from '../session.js';
import { h, show, message, describe } from '../dom.js';

export async function settings(main) {
  const caps = await api.get('/config');
  const admin = session.can('admin');
  const number = (name, value) => h('input', { type: 'number', min: 1, name, id: 'config-' + name, value, disabled: !admin });
  const global = number('maxInFlight', caps.maxInFlight);
  const perHost = number('maxInFlightPerHost', caps.maxInFlightPerHost);
  const result = h('div');
  const save = h('button', { type: 'submit', id: 'save-config', disabled: !admin, title: admin ? null : 'needs the admin role' }, 'Save');
  const form = h('form', { class: 'job-form' },
    h('label', { class: 'field' }, h('span', {}, 'Requests in flight, whole engine'), global),
    h('label', { class: 'field' }, h('span', {}, 'Requests in flight, per target host'), perHost),
    h('p', { class: 'muted' }, `In flight on this node now: ${caps.inFlight}`),
    h('div', { class: 'buttons' }, save, admin ? null : h('span', { class: 'muted' }, 'needs the admin role')),
    result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const saved = await api.put('/config', { maxInFlight: Number(global.value), maxInFlightPerHost: Number(perHost.value) });
      show(result, message(`Saved: ${saved.maxInFlight} in flight, ${saved.maxInFlightPerHost} per host.`, 'ok'));
    } catch (e) {
      show(result, message(describe(e)));
    }
  });
  show(main, h('h2', {}, 'Concurrency'), form);
}
