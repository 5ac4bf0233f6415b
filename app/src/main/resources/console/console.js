// The FileJobs console: a page over the REST API, in the browser alone. It asks for the API key and
// keeps it for this browser tab only (sessionStorage). Everything a user named (jobs, steps, object
// keys, messages) is put into the page as text, never as markup: the only way content gets in is el().
'use strict';

const KEY = 'filejobs.apiKey';
// Where the API is: this page's path without /console (empty on the embedded runtime, the stage, /v1, behind API Gateway).
const BASE = location.pathname.replace(/\/console\/?$/, '');
const ACTIVE = new Set(['QUEUED', 'RUNNING', 'WAITING']);
let refresh = null;

/** An element with attributes and children; strings become text nodes. */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'className') node.className = value;
    else if (name === 'onclick') node.addEventListener('click', value);
    else if (name === 'onsubmit') node.addEventListener('submit', value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function badge(value) {
  return value ? el('span', { className: 'badge ' + String(value).replace(/[^A-Z_]/g, ''), 'data-status': value }, value) : '';
}

function link(href, text) {
  return el('a', { href }, text);
}

function show(...nodes) {
  document.getElementById('main').replaceChildren(...nodes);
}

function say(text, isError) {
  const status = document.getElementById('status');
  status.textContent = text || '';
  status.className = isError ? 'error' : '';
}

function bytes(n) {
  if (n === undefined || n === null) return '';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n, u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  return (u === 0 ? v : v.toFixed(1)) + ' ' + units[u];
}

/** A time as this browser writes them, or in the given IANA zone (a job's), named. */
function when(iso, zone) {
  if (!iso) return '';
  if (!zone) return new Date(iso).toLocaleString();
  try {
    return new Date(iso).toLocaleString(undefined, { timeZone: zone, timeZoneName: 'short' });
  } catch (e) {
    return iso;
  }
}

/** An API error as the page shows it: its code and detail, and each broken field. */
class ApiError extends Error {
  constructor(status, problem) {
    super((problem && problem.code ? problem.code + ': ' : '') + ((problem && problem.detail) || ('HTTP ' + status)));
    this.status = status;
    this.problem = problem || {};
  }
}

async function api(method, path, body, headers) {
  const key = sessionStorage.getItem(KEY);
  const init = { method, headers: Object.assign({ 'x-api-key': key || '' }, headers || {}) };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(BASE + path, init);
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
  if (response.status === 401) {
    sessionStorage.removeItem(KEY);
    askForKey('That key was refused: ' + ((json && json.detail) || 'unauthorized'));
    throw new ApiError(401, json);
  }
  if (!response.ok) throw new ApiError(response.status, json);
  return { json, etag: response.headers.get('ETag'), status: response.status };
}

function problemView(error) {
  const fields = (error.problem && error.problem.errors) || [];
  return el('div', { className: 'error', 'data-problem': error.problem.code || '' },
    el('p', {}, error.message),
    fields.length ? el('ul', { className: 'problems' }, fields.map(f => el('li', {}, el('code', {}, f.field), ' ', f.message))) : '');
}

// ---- the key

function askForKey(why) {
  stopRefresh();
  document.getElementById('forget-key').hidden = true;
  const input = el('input', { type: 'password', id: 'api-key', autocomplete: 'off', required: true, placeholder: 'x-api-key' });
  show(el('form', {
    className: 'key', id: 'key-form', onsubmit: event => {
      event.preventDefault();
      sessionStorage.setItem(KEY, input.value.trim());
      route();
    }
  },
  el('h1', {}, 'API key'),
  el('p', { className: 'muted' }, 'The console calls the FileJobs API with your key. It is kept for this tab only and never stored on disk.'),
  why ? el('p', { className: 'error' }, why) : '',
  input,
  el('button', { type: 'submit', className: 'primary' }, 'Open the console')));
  input.focus();
}

// ---- jobs

async function jobsView() {
  const table = el('tbody');
  const more = el('button', { type: 'button', hidden: true }, 'More');
  let cursor = null;
  async function page() {
    const { json } = await api('GET', '/jobs?limit=50' + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''));
    for (const job of json.items) {
      table.append(el('tr', { 'data-job': job.id },
        el('td', {}, link('#/jobs/' + encodeURIComponent(job.id), job.name)),
        el('td', {}, badge(job.state)),
        el('td', {}, badge(job.validation.status),
          job.validation.errors.length ? el('span', { className: 'muted' }, ' ', job.validation.errors.length + ' error(s)') : '',
          job.validation.warnings.length ? el('span', { className: 'muted' }, ' ', job.validation.warnings.length + ' warning(s)') : ''),
        el('td', {}, el('code', {}, job.schedule || ''), job.triggers ? el('div', { className: 'muted' }, 'on objects created') : ''),
        el('td', {}, job.nextRuns.length ? when(job.nextRuns[0], job.timezone) : el('span', { className: 'muted' }, '—'))));
    }
    cursor = json.nextCursor;
    more.hidden = !cursor;
  }
  more.addEventListener('click', () => page().catch(e => say(e.message, true)));
  await page();
  show(el('h1', {}, 'Jobs'),
    el('table', { id: 'jobs' },
      el('thead', {}, el('tr', {}, el('th', {}, 'Name'), el('th', {}, 'State'), el('th', {}, 'Validation'), el('th', {}, 'Schedule'), el('th', {}, 'Next run'))),
      table),
    table.children.length ? '' : el('p', { className: 'muted' }, 'No jobs yet. Create one with POST /jobs (see the API).'),
    more);
}

/** The definition as the user wrote it: the job without the fields the server owns. */
function definitionOf(job) {
  const owned = new Set(['id', 'version', 'createdAt', 'updatedAt', 'validation', 'nextRuns']);
  return Object.fromEntries(Object.entries(job).filter(([name]) => !owned.has(name)));
}

async function jobView(id) {
  const { json: job, etag } = await api('GET', '/jobs/' + encodeURIComponent(id));
  const { json: runs } = await api('GET', '/jobs/' + encodeURIComponent(id) + '/runs?limit=25');
  const planBox = el('div', { id: 'plan' });
  const actions = el('div', { className: 'actions' },
    el('button', { type: 'button', className: 'primary', id: 'run-now', onclick: () => runNow(job) }, 'Run now'),
    job.state === 'ENABLED'
      ? el('button', { type: 'button', id: 'disable', onclick: () => setState(job, etag, 'DISABLED') }, 'Disable')
      : el('button', { type: 'button', id: 'enable', onclick: () => setState(job, etag, 'ENABLED') }, 'Enable'),
    el('button', { type: 'button', id: 'plan-now', onclick: () => plan(job, planBox) }, 'Plan'));
  const v = job.validation;
  show(
    el('p', {}, link('#/jobs', '← Jobs')),
    el('h1', { id: 'job-name' }, job.name),
    job.description ? el('p', { className: 'muted', id: 'job-description' }, job.description) : '',
    el('dl', { className: 'facts' },
      el('dt', {}, 'State'), el('dd', {}, badge(job.state)),
      el('dt', {}, 'Validation'), el('dd', { id: 'validation' }, badge(v.status), v.code ? ' ' + v.code : ''),
      el('dt', {}, 'Schedule'), el('dd', {}, el('code', {}, job.schedule || '—'), ' ', job.timezone),
      el('dt', {}, 'Next runs'), el('dd', {}, job.nextRuns.length ? job.nextRuns.map(t => when(t, job.timezone)).join(', ') : '—'),
      el('dt', {}, 'Version'), el('dd', {}, String(job.version), ' · updated ', when(job.updatedAt))),
    v.errors.length ? el('div', {}, el('h2', {}, 'Errors'), el('ul', { className: 'problems error' }, v.errors.map(e => el('li', {}, el('code', {}, e.field), ' ', e.message)))) : '',
    v.warnings.length ? el('div', {}, el('h2', {}, 'Warnings'), el('ul', { className: 'problems' }, v.warnings.map(e => el('li', {}, el('code', {}, e.field), ' ', e.message)))) : '',
    actions,
    planBox,
    el('h2', {}, 'Runs'),
    runs.items.length ? el('table', { id: 'runs' },
      el('thead', {}, el('tr', {}, el('th', {}, 'Run'), el('th', {}, 'Trigger'), el('th', {}, 'Status'), el('th', {}, 'Started'), el('th', {}, 'Finished'), el('th', {}, 'Error'))),
      el('tbody', {}, runs.items.map(run => el('tr', { 'data-run': run.runId },
        el('td', {}, link('#/jobs/' + encodeURIComponent(id) + '/runs/' + encodeURIComponent(run.runId), run.runId)),
        el('td', {}, run.trigger, run.triggerObject ? el('div', { className: 'key' }, run.triggerObject.bucket + '/' + run.triggerObject.key) : ''),
        el('td', {}, badge(run.status)),
        el('td', {}, when(run.startedAt || run.queuedAt)),
        el('td', {}, when(run.finishedAt)),
        el('td', {}, run.error ? el('span', { className: 'error' }, run.error.code) : '')))))
      : el('p', { className: 'muted' }, 'No runs yet.'),
    el('h2', {}, 'Definition'),
    el('pre', { id: 'definition' }, JSON.stringify(definitionOf(job), null, 2)));
  if (runs.items.some(run => ACTIVE.has(run.status))) startRefresh();
}

async function runNow(job) {
  try {
    const key = (crypto.randomUUID && crypto.randomUUID()) || String(Date.now()) + Math.random();
    const { json: run } = await api('POST', '/jobs/' + encodeURIComponent(job.id) + '/runs', undefined, { 'Idempotency-Key': key });
    location.hash = '#/jobs/' + encodeURIComponent(job.id) + '/runs/' + encodeURIComponent(run.runId);
  } catch (e) {
    say(e.message, true);
  }
}

async function setState(job, etag, state) {
  try {
    const definition = definitionOf(job);
    definition.state = state;
    await api('PUT', '/jobs/' + encodeURIComponent(job.id), definition, { 'If-Match': etag });
    say('The job is now ' + state + '.');
    route();
  } catch (e) {
    say(e.message, true);
  }
}

async function plan(job, box) {
  try {
    const { json } = await api('POST', '/jobs/' + encodeURIComponent(job.id) + '/plan');
    box.replaceChildren(el('h2', {}, 'Plan at ', when(json.logicalTime)),
      el('table', { id: 'plan-steps' },
        el('thead', {}, el('tr', {}, el('th', {}, 'Step'), el('th', {}, 'Action'), el('th', {}, 'Status'), el('th', {}, 'Objects'), el('th', {}, 'Bytes'), el('th', {}, 'First'))),
        el('tbody', {}, json.steps.map(step => el('tr', {},
          el('td', {}, step.id + ' ' + step.name),
          el('td', {}, step.action),
          el('td', {}, step.status, step.error ? el('div', { className: 'error' }, step.error.code + ': ' + step.error.message) : '',
            (step.warnings || []).map(w => el('div', { className: 'muted' }, w))),
          el('td', { className: 'num' }, String(step.objects.count)),
          el('td', { className: 'num' }, bytes(step.objects.bytes)),
          el('td', {}, step.objects.first.map(p => el('div', { className: 'key' }, p.source, p.destination ? ' → ' + p.destination : ''))))))),
      (json.warnings || []).map(w => el('p', { className: 'muted' }, w)));
  } catch (e) {
    box.replaceChildren(problemView(e));
  }
}

// ---- one run

function timeline(run, step) {
  const start = Date.parse(run.startedAt || run.queuedAt);
  const end = run.finishedAt ? Date.parse(run.finishedAt) : Date.now();
  const span = Math.max(end - start, 1);
  const bar = el('div', { className: 'bar ' + step.status });
  if (step.startedAt) {
    const from = Date.parse(step.startedAt);
    const to = step.finishedAt ? Date.parse(step.finishedAt) : end;
    bar.style.left = Math.max(0, (from - start) / span * 100) + '%';
    bar.style.width = Math.max(0.5, (to - from) / span * 100) + '%';
  } else {
    bar.style.left = '0';
    bar.style.width = '0';
  }
  return el('div', { className: 'timeline', title: (step.startedAt || '') + ' – ' + (step.finishedAt || '') }, bar);
}

async function runView(jobId, runId) {
  const path = '/jobs/' + encodeURIComponent(jobId) + '/runs/' + encodeURIComponent(runId);
  const { json: run } = await api('GET', path);
  const ledger = el('div', { id: 'objects' });
  show(
    el('p', {}, link('#/jobs/' + encodeURIComponent(jobId), '← Job')),
    el('h1', {}, 'Run ', el('span', { className: 'key' }, run.runId)),
    el('dl', { className: 'facts' },
      el('dt', {}, 'Status'), el('dd', { id: 'run-status' }, badge(run.status)),
      el('dt', {}, 'Trigger'), el('dd', {}, run.trigger, run.triggerObject ? el('span', { className: 'key' }, ' ', run.triggerObject.bucket + '/' + run.triggerObject.key) : ''),
      el('dt', {}, 'Job version'), el('dd', {}, String(run.jobVersion)),
      el('dt', {}, 'Queued'), el('dd', {}, when(run.queuedAt)),
      el('dt', {}, 'Started'), el('dd', {}, when(run.startedAt)),
      el('dt', {}, 'Finished'), el('dd', {}, when(run.finishedAt))),
    run.error ? el('div', { className: 'error', id: 'run-error' }, el('strong', {}, run.error.code), ' ', run.error.message,
      run.error.stepId !== undefined && run.error.stepId !== null ? ' (step ' + run.error.stepId + ')' : '') : '',
    el('h2', {}, 'Steps'),
    el('table', { id: 'steps' },
      el('thead', {}, el('tr', {}, el('th', {}, 'Step'), el('th', {}, 'Status'), el('th', {}, 'Timeline'), el('th', {}, 'Bytes'), el('th', {}, 'Attempts'), el('th', {}, 'Objects'), el('th', {}, 'Details'))),
      el('tbody', {}, run.steps.map(step => el('tr', { 'data-step': step.id },
        el('td', {}, String(step.id), ' ', step.name, el('div', { className: 'muted' }, step.action)),
        el('td', {}, badge(step.status)),
        el('td', {}, timeline(run, step)),
        el('td', { className: 'num' }, bytes(step.bytes)),
        el('td', { className: 'num' }, step.attempts ? String(step.attempts) : ''),
        el('td', {}, step.objects ? el('span', {},
          step.objects.succeeded + '/' + step.objects.total + ' done',
          step.objects.failed ? el('span', { className: 'error' }, ', ' + step.objects.failed + ' failed') : '',
          step.objects.skipped ? ', ' + step.objects.skipped + ' skipped' : '',
          el('div', {}, el('button', { type: 'button', className: 'ledger', onclick: () => objects(path, step, ledger, null) }, 'Objects'),
            step.objects.failed ? el('button', { type: 'button', onclick: () => objects(path, step, ledger, 'FAILED') }, 'Failed') : '')) : ''),
        el('td', {},
          step.error ? el('div', { className: 'error' }, el('strong', {}, step.error.code), ' ', step.error.message) : '',
          step.waitingUntil && step.status === 'WAITING' ? el('div', {}, 'waits for its callback until ', when(step.waitingUntil)) : '',
          step.callback ? el('div', {}, 'callback ', badge(step.callback.outcome), ' ', step.callback.message || '', ' at ', when(step.callback.receivedAt)) : '',
          (step.shards || []).length ? el('div', { className: 'muted' }, step.shards.length + ' shards') : ''))))),
    ledger);
  if (ACTIVE.has(run.status)) startRefresh();
}

async function objects(runPath, step, box, status) {
  try {
    const { json } = await api('GET', runPath + '/steps/' + step.id + '/objects?limit=100' + (status ? '&status=' + status : ''));
    box.replaceChildren(el('h2', {}, 'Objects of step ', String(step.id), status ? ' (' + status + ')' : ''),
      el('table', { id: 'ledger' },
        el('thead', {}, el('tr', {}, el('th', {}, 'Source'), el('th', {}, 'Status'), el('th', {}, 'Bytes'), el('th', {}, 'Destinations'), el('th', {}, 'Error'))),
        el('tbody', {}, json.items.map(o => el('tr', {},
          el('td', { className: 'key' }, o.source),
          el('td', {}, badge(o.status)),
          el('td', { className: 'num' }, bytes(o.bytes)),
          el('td', {}, o.destinations.map(d => el('div', { className: 'key' }, d))),
          el('td', {}, o.error ? el('span', { className: 'error' }, o.error.code + ': ' + o.error.message) : ''))))),
      json.nextCursor ? el('p', { className: 'muted' }, 'The first 100 are shown; the API pages through the rest.') : '');
  } catch (e) {
    box.replaceChildren(problemView(e));
  }
}

// ---- routing and refresh

function stopRefresh() {
  if (refresh) clearTimeout(refresh);
  refresh = null;
}

function startRefresh() {
  stopRefresh();
  refresh = setTimeout(() => route(true), 1500);
}

async function route(quiet) {
  stopRefresh();
  if (!sessionStorage.getItem(KEY)) {
    askForKey();
    return;
  }
  document.getElementById('forget-key').hidden = false;
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (!quiet) say('');
  try {
    if (parts[0] === 'jobs' && parts.length === 4 && parts[2] === 'runs') await runView(parts[1], parts[3]);
    else if (parts[0] === 'jobs' && parts.length === 2) await jobView(parts[1]);
    else await jobsView();
    if (quiet) say('Updated ' + new Date().toLocaleTimeString());
  } catch (e) {
    if (e.status !== 401) show(problemView(e));
  }
}

document.getElementById('api-link').href = BASE + '/docs' + (BASE ? '?contextPath=' + encodeURIComponent(BASE) : '');
document.getElementById('forget-key').addEventListener('click', () => {
  sessionStorage.removeItem(KEY);
  askForKey();
});
window.addEventListener('hashchange', () => route());
route();
