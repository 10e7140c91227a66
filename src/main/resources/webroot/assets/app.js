// The dashboard's shell: login, navigation, and one view at a time in <main> (hash routes).
import * as api from './api.js';
import { session } from './session.js';
import { h, show } from './dom.js';
import { overview } from './views/overview.js';
import { jobList } from './views/jobs.js';
import { jobForm } from './views/job-form.js';
import { jobDetail } from './views/job-detail.js';
import { executions } from './views/executions.js';
import { alerts } from './views/alerts.js';
import { cluster } from './views/cluster.js';
import { settings } from './views/settings.js';

const routes = [
  [/^\/$/, overview],
  [/^\/jobs$/, jobList],
  [/^\/jobs\/new$/, (main) => jobForm(main, null)],
  [/^\/jobs\/([^/]+)\/edit$/, (main, id) => jobForm(main, id)],
  [/^\/jobs\/([^/]+)$/, jobDetail],
  [/^\/executions$/, executions],
  [/^\/alerts$/, alerts],
  [/^\/cluster$/, cluster],
  [/^\/settings$/, settings],
];

const $ = (id) => document.getElementById(id);
let cleanup = null;

function stopView() {
  if (cleanup) cleanup();
  cleanup = null;
}

async function render() {
  stopView();
  const path = (location.hash.replace(/^#/, '') || '/').split('?')[0];
  const main = $('view');
  for (const a of document.querySelectorAll('#nav a')) {
    const target = a.getAttribute('href').slice(1);
    a.classList.toggle('active', target === '/' ? path === '/' : path.startsWith(target));
  }
  for (const [pattern, view] of routes) {
    const match = pattern.exec(path);
    if (match) {
      show(main, h('p', { class: 'muted' }, 'Loading…'));
      try {
        cleanup = (await view(main, ...match.slice(1).map(decodeURIComponent))) || null;
      } catch (e) {
        if (e.status !== 401) show(main, h('p', { class: 'error', role: 'alert' }, e.message));
      }
      return;
    }
  }
  show(main, h('h2', {}, 'Not found'), h('p', {}, 'No such page: ' + path));
}

function showLogin(text) {
  stopView();
  $('app').hidden = true;
  $('login').hidden = false;
  $('login-message').textContent = text || '';
  $('token').focus();
}

async function enter() {
  const who = await api.whoami();
  session.set(who);
  $('login').hidden = true;
  $('app').hidden = false;
  $('who').textContent = `${who.name} · ${who.role}`;
  $('who').setAttribute('data-role', who.role);
  const banner = $('banner');
  banner.hidden = false;
  if (!who.authEnabled) {
    banner.textContent = 'Authentication is off on this engine: every visitor is admin.';
  } else if (!session.can('write')) {
    banner.textContent = 'Read-only: your token has the read role. Changes need the write role.';
  } else if (!session.can('admin')) {
    banner.textContent = 'Your token has the write role: concurrency settings need the admin role.';
  } else {
    banner.hidden = true;
  }
  await render();
}

api.onUnauthorized((text) => {
  api.setToken(null);
  showLogin(`Your token was refused: ${text}. Log in again.`);
});

$('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  api.setToken($('token').value.trim());
  $('token').value = '';
  try {
    await enter();
  } catch (e) {
    if (e.status !== 401) {
      api.setToken(null);
      showLogin(`Cannot reach the engine: ${e.message}`);
    }
  }
});

$('logout').addEventListener('click', () => {
  api.setToken(null);
  showLogin('Logged out.');
});

window.addEventListener('hashchange', () => {
  if (api.token() !== null) render();
});

if (api.token() === null) {
  showLogin('');
} else {
  enter().catch((e) => {
    if (e.status !== 401) showLogin(`Cannot reach the engine: ${e.message}`);
  });
}
