// Building the DOM without markup strings: every text goes in as a text node, so a job name or an
// error message can never become HTML.
import { session } from './session.js';

/** h('a', {href: '#/'}, 'text', child): attributes, on* listeners, and children (strings become text). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** A button that needs a role: disabled, and saying so, for a token below it. */
export function action(label, needs, onclick, attrs = {}) {
  const allowed = session.can(needs);
  return h(
    'button',
    {
      type: 'button',
      ...attrs,
      class: ((attrs.class || '') + (allowed ? '' : ' needs-role')).trim(),
      disabled: !allowed,
      title: allowed ? attrs.title : `needs the ${needs} role`,
      'data-needs': needs,
      onclick: allowed ? onclick : null,
    },
    label,
  );
}

/** A table with a header row; rows are arrays of cells (nodes or text). */
export function table(headers, rows, attrs = {}) {
  return h(
    'table',
    attrs,
    h('thead', {}, h('tr', {}, headers.map((name) => h('th', {}, name)))),
    h('tbody', {}, rows.map((cells) => (cells instanceof Node ? cells : h('tr', {}, cells.map((c) => h('td', {}, c)))))),
  );
}

/** An instant as UTC, to the second: 2026-12-04 18:40:05Z. */
export function time(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

export function statusBadge(status) {
  return h('span', { class: 'badge ' + String(status).toLowerCase() }, status);
}

/** A message line for errors and confirmations; role=alert so it is announced. */
export function message(text, kind = 'error') {
  return h('p', { class: kind, role: 'alert' }, text);
}

/** The text of an API error, with the field it names. */
export function describe(error) {
  return error.field ? `${error.field}: ${error.message}` : error.message;
}

/** Replaces the children of el. */
export function show(el, ...children) {
  el.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
}
