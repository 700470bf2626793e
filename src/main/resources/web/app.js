// fanout live dashboard: the job list, a job's page, starting a job and the "run both" race.
// Plain ES2020, no dependencies. Every API call goes through api(), which sends the API key once one is needed.

const POLL_MS = 1000;              // GET /api/jobs (or the job shown) at most once a second
const TICK_MS = 100;               // live timers between polls
const KEY_STORAGE = 'fanout.apiKey';
const JOB_ID = /^[0-9a-f]{12}$/;
const EXAMPLES_PER_FAILURE = 3;

const $ = (selector, root = document) => root.querySelector(selector);
const clone = (id) => document.getElementById(id).content.cloneNode(true);

// ---------------------------------------------------------------------------------------------------------------
// Formatting

function duration(ms) {
  if (ms == null || Number.isNaN(ms)) return '\u2013';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60000);
  const seconds = Math.floor((ms % 60000) / 1000);
  return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
}

function clockTime(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleTimeString([], { hour12: false });
}

const plural = (n, word) => `${n.toLocaleString()} ${word}${n === 1 ? '' : 's'}`;
const isRunning = (job) => job.status === 'RUNNING';
const jobTitle = (job) => job.label || job.name || job.job;
const statusText = (status) => String(status || '').toLowerCase().replace(/_/g, ' ');

// Writes a text or attribute only when it changed: a poll of 200 unchanged jobs touches nothing.
function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

function setAttr(el, name, value) {
  if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

function setWidth(el, percent) {
  const width = `${Math.max(0, Math.min(100, percent)).toFixed(2)}%`;
  if (el.style.width !== width) el.style.width = width;
}

function setStatus(el, status) {
  setText(el, statusText(status));
  setAttr(el, 'class', `status ${String(status || '').toLowerCase()}`);
}

// ---------------------------------------------------------------------------------------------------------------
// The API, with the key when the service asks for one

class ApiError extends Error {
  constructor(status, error, detail) {
    super(detail ? `${error}: ${detail}` : error);
    this.status = status;
    this.error = error;
    this.detail = detail;
  }
}

let keyRequest = null; // the one pending question for the key, shared by every call that got 401

async function api(path, { method = 'GET', body, type, accept = 'application/json' } = {}) {
  for (;;) {
    const key = sessionStorage.getItem(KEY_STORAGE);
    const headers = { Accept: accept };
    if (type) headers['Content-Type'] = type;
    if (key) headers['X-API-Key'] = key;
    let response;
    try {
      response = await fetch(path, { method, headers, body, cache: 'no-store' });
    } catch (e) {
      throw new ApiError(0, 'service unreachable', 'the dashboard cannot reach the fanout service; is it running?');
    }
    if (response.status !== 401) return response;
    if (key && sessionStorage.getItem(KEY_STORAGE) === key) sessionStorage.removeItem(KEY_STORAGE);
    await askForKey(Boolean(key));
  }
}

async function apiJson(path, options) {
  const response = await api(path, options);
  if (!response.ok) throw await apiError(response);
  return response.json();
}

async function apiError(response) {
  try {
    const body = await response.json();
    return new ApiError(response.status, body.error || `HTTP ${response.status}`, body.detail || '');
  } catch (e) {
    return new ApiError(response.status, `HTTP ${response.status}`, response.statusText);
  }
}

function askForKey(refused) {
  if (!keyRequest) {
    keyRequest = new Promise((resolve) => {
      const panel = $('#key-panel');
      const form = $('#key-form');
      const input = $('#key-input');
      setText($('#key-error'), refused ? 'That key was refused: check it and try again.' : '');
      panel.hidden = false;
      updateKeyState();
      input.focus();
      form.addEventListener('submit', function onSubmit(event) {
        event.preventDefault();
        const key = input.value.trim();
        if (!key) return;
        sessionStorage.setItem(KEY_STORAGE, key);
        input.value = '';
        panel.hidden = true;
        form.removeEventListener('submit', onSubmit);
        keyRequest = null;
        updateKeyState();
        resolve();
      });
    });
  }
  return keyRequest;
}

function updateKeyState() {
  $('#key-state').hidden = !sessionStorage.getItem(KEY_STORAGE);
}

// ---------------------------------------------------------------------------------------------------------------
// Live timers: a running job's elapsed time moves on between polls

const timers = new Map(); // element -> { base, at, shown }

function setTimer(el, ms, running) {
  if (running) {
    const timer = timers.get(el) || { shown: 0 };
    timer.base = ms;
    timer.at = performance.now();
    timers.set(el, timer);
    showTimer(el, timer);
  } else {
    timers.delete(el);
    setText(el, duration(ms));
  }
}

function showTimer(el, timer) {
  timer.shown = Math.max(timer.shown, timer.base + performance.now() - timer.at); // never runs backwards
  setText(el, duration(timer.shown));
}

function tick() {
  for (const [el, timer] of timers) {
    if (el.isConnected) showTimer(el, timer);
    else timers.delete(el);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Parts shared by the list, the race and the job page

// A progress bar split by outcome: verified, flagged and failed records, of all the job's records.
function progressBar(label) {
  const fragment = clone('tpl-progress');
  setAttr($('.bar', fragment), 'aria-label', label);
  return fragment.firstElementChild;
}

function updateProgress(progress, job) {
  const records = job.records || 0;
  const share = (n) => (records ? (100 * (n || 0)) / records : 0);
  const bar = $('.bar', progress);
  const [verified, flagged, failed] = bar.children;
  setWidth(verified, share(job.verified));
  setWidth(flagged, share(job.flagged));
  setWidth(failed, share(job.failed));
  const percent = records ? Math.floor((100 * (job.done || 0)) / records) : (isRunning(job) ? 0 : 100);
  setAttr(bar, 'aria-valuenow', String(percent));
  setAttr(bar, 'aria-valuetext', `${percent}%: ${job.done || 0} of ${records} records, ${job.verified || 0} verified, `
      + `${job.flagged || 0} flagged, ${job.failed || 0} failed`);
  setText($('.bar-text', progress), `${(job.done || 0).toLocaleString()} / ${records.toLocaleString()}`);
}

// Wall time against the checks' time added up (what one after another would take), as two bars.
function raceBars() {
  return clone('tpl-race').firstElementChild;
}

function updateRace(race, job) {
  const wall = job.wallMs || 0;
  const sequential = job.sumOfTaskMs || 0;
  const longest = Math.max(wall, sequential, 1);
  setWidth($('.race-fill.wall', race), (100 * wall) / longest);
  setWidth($('.race-fill.sequential', race), (100 * sequential) / longest);
  setText($('.race-value.wall', race), duration(wall));
  setText($('.race-value.sequential', race), duration(sequential));
  const speedup = typeof job.speedup === 'number' ? job.speedup : sequential / Math.max(wall, 1);
  setText($('.speedup', race), `${speedup.toFixed(1)}\u00d7 faster`);
  setAttr(race, 'title', `took ${duration(wall)}; one record after another it would take ${duration(sequential)}`);
}

function jobMeta(job) {
  const parts = [];
  const source = String(job.source || '');
  if (source.startsWith('file:')) {
    parts.push(source === `file:${job.label}` ? 'dropped file' : source);
  } else {
    if (job.label && job.name !== job.label) parts.push(job.name);
    parts.push(source === 'http' ? 'posted' : source);
  }
  if (job.concurrency === 1) parts.push('one at a time');
  else if (job.concurrency) parts.push(`${job.concurrency} wide`);
  if (job.startedAt) parts.push(`started ${clockTime(job.startedAt)}`);
  return parts.join(' \u00b7 ');
}

// ---------------------------------------------------------------------------------------------------------------
// The job list: one keyed row per job, newest first; a poll updates rows in place

const rows = new Map(); // job id -> { el, refs }
let latestJobs = new Map(); // job id -> job, from the last poll of the list

function createRow(job) {
  const el = clone('tpl-job-row').firstElementChild;
  el.dataset.job = job.job;
  const link = $('.job-link', el);
  link.href = `#/jobs/${job.job}`;
  const progress = progressBar(`Progress of ${jobTitle(job)}`);
  $('.progress-cell', el).append(progress);
  return {
    el, link, progress, race: null,
    meta: $('.job-meta', el),
    status: $('.status', el),
    elapsed: $('.elapsed', el),
    raceCell: $('.race-cell', el),
  };
}

function updateRow(row, job) {
  setText(row.link, jobTitle(job));
  setText(row.meta, jobMeta(job));
  setStatus(row.status, job.status);
  setAttr(row.el, 'data-status', job.status);
  updateProgress(row.progress, job);
  setTimer(row.elapsed, job.elapsedMs, isRunning(job));
  if (!isRunning(job) && job.wallMs != null) {
    if (!row.race) {
      row.race = raceBars();
      row.raceCell.replaceChildren(row.race);
    }
    updateRace(row.race, job);
  } else if (row.race) {
    row.race = null;
    row.raceCell.replaceChildren();
  }
}

function renderList(jobs) {
  const body = $('#jobs-body');
  const seen = new Set();
  let previous = null;
  for (const job of jobs) {
    let row = rows.get(job.job);
    if (!row) {
      row = createRow(job);
      rows.set(job.job, row);
    }
    updateRow(row, job);
    const expected = previous ? previous.nextSibling : body.firstChild;
    if (row.el !== expected) body.insertBefore(row.el, expected); // moves only rows out of place
    previous = row.el;
    seen.add(job.job);
  }
  for (const [id, row] of rows) {
    if (!seen.has(id)) {
      row.el.remove();
      rows.delete(id);
    }
  }
  $('#jobs-empty').hidden = jobs.length > 0;
  setText($('#jobs-count'), jobs.length ? `(${jobs.length})` : '');
}

// ---------------------------------------------------------------------------------------------------------------
// Starting a job

const TYPES_BY_EXTENSION = {
  csv: 'text/csv', json: 'application/json', ndjson: 'application/x-ndjson', jsonl: 'application/x-ndjson',
};

function typeOf(fileName, text) {
  if (fileName) return TYPES_BY_EXTENSION[fileName.split('.').pop().toLowerCase()] || null;
  const start = text.trimStart();
  if (start.startsWith('[')) return 'application/json';
  if (start.startsWith('{')) return 'application/x-ndjson';
  return 'text/csv';
}

async function submitJob(body, type, params) {
  const query = new URLSearchParams(params).toString();
  return apiJson(`/api/jobs${query ? `?${query}` : ''}`, { method: 'POST', body, type });
}

function showStartResult(message, isError, job) {
  const result = $('#start-result');
  const p = document.createElement('p');
  p.className = isError ? 'error' : 'ok';
  p.textContent = message;
  if (job) {
    const link = document.createElement('a');
    link.href = `#/jobs/${job.job}`;
    link.textContent = 'Follow it';
    p.append(' ', link);
  }
  result.replaceChildren(p);
}

async function startJob(event) {
  event.preventDefault();
  const fileInput = $('#start-file');
  const textInput = $('#start-text');
  const file = fileInput.files[0];
  const text = textInput.value;
  if (!file && !text.trim()) {
    showStartResult('Choose a file or paste some records first.', true);
    return;
  }
  const type = $('#start-type').value || typeOf(file ? file.name : null, text);
  if (!type) {
    showStartResult(`Cannot tell the format of ${file.name} from its name: choose one under Format.`, true);
    return;
  }
  const name = $('#start-name').value.trim() || (file ? file.name : '');
  const button = $('#start-submit');
  button.disabled = true;
  try {
    const job = await submitJob(file || text, type, name ? { name } : {});
    showStartResult(`Started ${name || `job ${job.job}`}: ${plural(job.records, 'record')}.`, false, job);
    fileInput.value = '';
    textInput.value = '';
    $('#start-name').value = '';
    pollSoon();
  } catch (e) {
    showStartResult(e instanceof ApiError && e.status
      ? `Refused (${e.status} ${e.error}): ${e.detail}` : e.message, true);
  } finally {
    button.disabled = false;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// "Run both": the sample, one record at a time and fanned out, side by side

let race = null; // { one: {id, lane...}, fan: {...}, finished }

function createLane(name, id) {
  const article = $(`.lane[data-lane="${name}"]`);
  const body = $('.lane-body', article);
  body.replaceChildren(clone('tpl-lane'));
  const progress = progressBar(`Progress of ${name === 'one' ? 'one at a time' : 'fanned out'}`);
  $('.lane-progress', body).append(progress);
  $('.job-link', body).href = `#/jobs/${id}`;
  article.classList.remove('winner');
  return { id, article, progress, timer: $('.lane-timer', body), status: $('.status', body) };
}

async function runBoth() {
  const button = $('#run-both');
  button.disabled = true;
  setText($('#race-verdict'), 'Sending the sample twice\u2026');
  $('#race').hidden = false;
  try {
    const sample = await fetch('/web/sample-batch.csv', { cache: 'no-store' });
    if (!sample.ok) throw new ApiError(sample.status, 'sample missing', 'the dashboard could not load its sample batch');
    const batch = await sample.blob();
    const [one, fan] = await Promise.all([
      submitJob(batch, 'text/csv', { concurrency: '1', name: 'one-at-a-time' }),
      submitJob(batch, 'text/csv', { name: 'fanned-out' }),
    ]);
    race = { one: createLane('one', one.job), fan: createLane('fan', fan.job), finished: false };
    setText($('#race-verdict'), `Both started: ${plural(one.records, 'record')} each.`);
    pollSoon();
  } catch (e) {
    setText($('#race-verdict'), `Could not start the race: ${e.message}`);
    button.disabled = false;
  }
}

function updateLane(lane, job) {
  updateProgress(lane.progress, job);
  setStatus(lane.status, job.status);
  setTimer(lane.timer, job.elapsedMs, isRunning(job));
}

function renderRace() {
  if (!race || race.finished) return;
  const one = latestJobs.get(race.one.id);
  const fan = latestJobs.get(race.fan.id);
  if (one) updateLane(race.one, one);
  if (fan) updateLane(race.fan, fan);
  if (!one || !fan) return;
  const oneDone = !isRunning(one);
  const fanDone = !isRunning(fan);
  if (oneDone !== fanDone) {
    const [done, lane] = fanDone ? [fan, race.fan] : [one, race.one];
    lane.article.classList.add('winner');
    setText($('#race-verdict'), `${fanDone ? 'Fanned out' : 'One at a time'} finished in ${duration(done.wallMs)}; `
        + 'the other is still going\u2026');
  }
  if (oneDone && fanDone) {
    race.finished = true;
    const finish = (job) => Date.parse(job.finishedAt) || Date.parse(job.startedAt) + job.wallMs;
    const fanFirst = finish(fan) <= finish(one);
    const [first, second] = fanFirst ? [fan, one] : [one, fan];
    (fanFirst ? race.fan : race.one).article.classList.add('winner');
    (fanFirst ? race.one : race.fan).article.classList.remove('winner');
    const gap = finish(second) - finish(first);
    const times = second.wallMs / Math.max(first.wallMs, 1);
    setText($('#race-verdict'), `${fanFirst ? 'Fanned out' : 'One at a time'} finished first, ${duration(gap)} sooner: `
        + `${duration(first.wallMs)} against ${duration(second.wallMs)}, ${times.toFixed(1)}\u00d7 as fast.`);
    $('#run-both').disabled = false;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The job page: progress, per-check latency and outcomes, failures grouped, downloads, redrive

// detailsFor: the run of the job whose checks and failures are shown (see detailsKey);
// redrives: the fewest redrives a view of the job may have, so an answer sent before a redrive began is ignored
let shown = null; // { id, job, detailsFor, redrives, progress, race }

function showJobView(id) {
  if (!shown || shown.id !== id) {
    shown = { id, job: null, detailsFor: null, redrives: 0, progress: progressBar('Progress'), race: null };
    $('#job-progress').replaceChildren(shown.progress);
    $('#job-race').replaceChildren();
    setText($('#job-title'), `Job ${id}`);
    setText($('#job-status'), '');
    $('#job-facts').replaceChildren();
    setText($('#download-error'), '');
    setText($('#redrive-error'), '');
    $('#redrive').hidden = true;
    setText($('#checks-note'), 'Loading\u2026');
    clearJobDetails();
  }
}

// The checks and failures of one finished run; a redrive finishes the job again, with a new finishedAt.
const detailsKey = (job) => `${job.status} ${job.redrives || 0} ${job.finishedAt || ''}`;

const runningNote = (job) => (job.redrives
  ? 'Its failed records are running again: check latencies and failures appear when the redrive has finished.'
  : 'Check latencies and failures appear when the job has finished.');

function clearJobDetails() {
  shown.detailsFor = null;
  $('#checks-table').hidden = true;
  setText($('#failures-note'), '');
  $('#failures').replaceChildren();
}

function renderJob(job) {
  shown.job = job;
  setText($('#job-title'), jobTitle(job));
  document.title = `${jobTitle(job)} \u2013 fanout`;
  setStatus($('#job-status'), job.status);
  updateProgress(shown.progress, job);
  const facts = [
    ['Job', job.job], ['Name', job.name], ['Source', job.source],
    ['Records', (job.records || 0).toLocaleString()],
    ['Verified', job.verified], ['Flagged', job.flagged], ['Failed', job.failed], ['Malformed lines', job.malformed],
  ];
  if (job.missing) facts.push(['Never came back', job.missing]);
  if (job.redrives) facts.push(['Redrives', job.redrives]);
  facts.push(['Concurrency', job.concurrency === 1 ? 'one at a time' : job.concurrency]);
  facts.push(['Started', job.startedAt ? new Date(job.startedAt).toLocaleString() : '']);
  if (job.finishedAt) facts.push(['Finished', new Date(job.finishedAt).toLocaleString()]);
  facts.push([isRunning(job) ? 'Elapsed' : 'Took', null]);
  renderFacts(facts, job);
  $('#redrive').hidden = !canRedrive(job);
  if (!isRunning(job) && job.wallMs != null) {
    if (!shown.race) {
      shown.race = raceBars();
      $('#job-race').replaceChildren(shown.race);
    }
    updateRace(shown.race, job);
  }
}

function renderFacts(facts, job) {
  const list = $('#job-facts');
  if (list.children.length !== facts.length) {
    list.replaceChildren(...facts.map(() => {
      const pair = document.createElement('div');
      pair.append(document.createElement('dt'), document.createElement('dd'));
      return pair;
    }));
  }
  facts.forEach(([term, value], i) => {
    const [dt, dd] = list.children[i].children;
    setText(dt, term);
    if (value === null) setTimer(dd, job.elapsedMs, isRunning(job));
    else {
      timers.delete(dd);
      setText(dd, value == null ? '' : String(value));
    }
  });
}

async function loadJobDetails(id, key) {
  const [rowsOfReport, letters] = await Promise.all([
    apiJson(`/api/jobs/${id}/report`),
    apiJson(`/api/jobs/${id}/dead-letters`),
  ]);
  if (!shown || shown.id !== id || shown.detailsFor !== key) return; // another page, or a redrive began meanwhile
  renderChecks(checkStats(rowsOfReport));
  renderFailures(letters);
}

function median(sorted) {
  const n = sorted.length;
  return n ? (sorted[(n - 1) >> 1] + sorted[n >> 1]) / 2 : null;
}

function percentile(sorted, p) { // nearest rank
  return sorted.length ? sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] : null;
}

function checkStats(reportRows) {
  const stats = new Map();
  for (const row of reportRows) {
    for (const [check, result] of Object.entries(row.checks || {})) {
      let s = stats.get(check);
      if (!s) stats.set(check, s = { check, PASS: 0, FLAG: 0, ERROR: 0, retried: 0, latencies: [] });
      if (result in s) s[result] += 1;
      const ms = row.latencyMs ? row.latencyMs[check] : undefined;
      if (typeof ms === 'number') s.latencies.push(ms);
      if (row.attempts && row.attempts[check] > 1) s.retried += 1;
    }
  }
  return [...stats.values()].map((s) => {
    s.latencies.sort((a, b) => a - b);
    return { ...s, median: median(s.latencies), p95: percentile(s.latencies, 95) };
  });
}

function renderChecks(stats) {
  const table = $('#checks-table');
  const body = $('tbody', table);
  body.replaceChildren(...stats.map((s) => {
    const tr = document.createElement('tr');
    tr.dataset.check = s.check;
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = s.check;
    tr.append(th);
    for (const value of [s.PASS, s.FLAG, s.ERROR, s.retried, duration(s.median), duration(s.p95)]) {
      const td = document.createElement('td');
      td.className = 'num';
      td.textContent = typeof value === 'number' ? value.toLocaleString() : value;
      tr.append(td);
    }
    return tr;
  }));
  table.hidden = stats.length === 0;
  setText($('#checks-note'), stats.length ? 'Latency of each check call, retries included, over every record of the job.'
    : 'No record has been checked.');
}

const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const withoutAttempts = (error) => error.replace(/\s*\(\d+ attempts?\)$/, '');

// One dead letter names the checks that failed ("address,email") and their errors ("address: ...; email: ...").
function failuresOf(letter) {
  const error = String(letter.error || 'unknown error');
  if (!letter.check) {
    return error.startsWith('malformed: ')
      ? [{ check: 'unreadable line', error: error.slice('malformed: '.length) }]
      : [{ check: 'record', error: withoutAttempts(error) }];
  }
  const checks = String(letter.check).split(',');
  const parts = error.split(new RegExp(`; (?=(?:${checks.map(escapeRegExp).join('|')}): )`));
  return checks.map((check) => {
    const part = parts.find((p) => p.startsWith(`${check}: `));
    return { check, error: withoutAttempts(part ? part.slice(check.length + 2) : error) };
  });
}

function groupFailures(letters) {
  const groups = new Map();
  const inInputOrder = [...letters].sort((a, b) => (a.line || 0) - (b.line || 0));
  for (const letter of inInputOrder) {
    for (const { check, error } of failuresOf(letter)) {
      const key = `${check}\u0000${error}`;
      let group = groups.get(key);
      if (!group) groups.set(key, group = { check, error, count: 0, examples: [] });
      group.count += 1;
      if (group.examples.length < EXAMPLES_PER_FAILURE) group.examples.push(letter);
    }
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || a.check.localeCompare(b.check));
}

function renderFailures(letters) {
  const groups = groupFailures(letters);
  const unreadable = letters.filter((l) => !l.check && String(l.error).startsWith('malformed: ')).length;
  setText($('#failures-note'), letters.length
    ? `${plural(letters.length, 'dead letter')}: ${plural(letters.length - unreadable, 'failed record')}, `
      + `${plural(unreadable, 'unreadable line')}. Grouped by check and error, with the first examples.`
    : 'None: every line was read and every check answered.');
  $('#failures').replaceChildren(...groups.map((group) => {
    const section = clone('tpl-failure-group').firstElementChild;
    section.dataset.check = group.check;
    setText($('.failure-check', section), group.check);
    setText($('.failure-error', section), group.error);
    setText($('.failure-count', section), plural(group.count, group.check === 'unreadable line' ? 'line' : 'record'));
    $('.examples', section).append(...group.examples.map((letter) => {
      const li = document.createElement('li');
      const line = document.createElement('span');
      line.className = 'line';
      line.textContent = `line ${letter.line}`;
      const raw = document.createElement('code');
      raw.textContent = letter.raw;
      li.append(line, ' ', raw);
      if (letter.attempts) li.append(` (${plural(letter.attempts, 'attempt')})`);
      return li;
    }));
    if (group.count > group.examples.length) {
      const more = document.createElement('li');
      more.className = 'more';
      more.textContent = `and ${(group.count - group.examples.length).toLocaleString()} more`;
      $('.examples', section).append(more);
    }
    return section;
  }));
}

// Downloads: the API needs Accept (and maybe the key), so fetch, then save the answer through an object URL.
async function download(path, accept, fileName) {
  setText($('#download-error'), '');
  try {
    const response = await api(path, { accept });
    if (!response.ok) throw await apiError(response);
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    link.hidden = true;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 30000);
  } catch (e) {
    setText($('#download-error'), `Download failed: ${e.message}`);
  }
}

// Redrive: the FAILED records of a finished job run again; the page follows it like any running job.
const canRedrive = (job) => !isRunning(job) && job.failed > 0;

async function redrive() {
  if (!shown || !shown.job) return;
  const id = shown.id;
  const button = $('#redrive');
  setText($('#redrive-error'), '');
  button.disabled = true;
  try {
    const accepted = await apiJson(`/api/jobs/${id}/redrive`, { method: 'POST' });
    if (!shown || shown.id !== id) return;
    shown.redrives = accepted.redrives;
    // as the service counts a redrive: the failed records are not done until they are answered again
    const job = shown.job;
    renderJob({ ...job, status: accepted.status, redrives: accepted.redrives, finishedAt: null,
      done: Math.max(0, (job.done || 0) - (job.failed || 0)), failed: 0 });
    clearJobDetails();
    setText($('#checks-note'), runningNote(shown.job));
  } catch (e) {
    if (shown && shown.id === id) {
      setText($('#redrive-error'), e instanceof ApiError && e.status
        ? `Redrive refused (${e.status} ${e.error}): ${e.detail}` : `Redrive failed: ${e.message}`);
    }
  } finally {
    button.disabled = false;
    pollSoon();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Routing (#/ and #/jobs/{id}) and polling

function currentRoute() {
  const match = /^#\/jobs\/([^/]+)$/.exec(location.hash);
  return match && JOB_ID.test(match[1]) ? { view: 'job', id: match[1] } : { view: 'list' };
}

function route() {
  const where = currentRoute();
  $('#list-view').hidden = where.view !== 'list';
  $('#job-view').hidden = where.view !== 'job';
  if (where.view === 'job') {
    showJobView(where.id);
    $('#job-title').focus();
  } else {
    document.title = 'fanout dashboard';
  }
  pollSoon();
}

async function refresh() {
  const where = currentRoute();
  if (where.view === 'list') {
    const jobs = await apiJson('/api/jobs');
    latestJobs = new Map(jobs.map((job) => [job.job, job]));
    renderList(jobs);
    renderRace();
    return;
  }
  try {
    const job = await apiJson(`/api/jobs/${where.id}`);
    if (!shown || shown.id !== where.id || (job.redrives || 0) < shown.redrives) return;
    renderJob(job);
    if (isRunning(job)) {
      if (shown.detailsFor !== null) clearJobDetails(); // redriven since they were loaded
      setText($('#checks-note'), runningNote(job));
    } else if (shown.detailsFor !== detailsKey(job)) {
      shown.detailsFor = detailsKey(job);
      await loadJobDetails(where.id, shown.detailsFor);
    }
  } catch (e) {
    if (e.status !== 404) throw e;
    setText($('#job-title'), 'No such job');
    setText($('#checks-note'), `The service does not know job ${where.id} (jobs are kept while it runs).`);
  }
}

let pollTimer = null;
let polling = false;
let lastPoll = -Infinity;

function pollSoon() {
  if (polling) return; // the poll in flight schedules the next one
  clearTimeout(pollTimer);
  pollTimer = setTimeout(poll, Math.max(0, lastPoll + POLL_MS - performance.now()));
}

async function poll() {
  polling = true;
  lastPoll = performance.now();
  const banner = $('#connection');
  try {
    await refresh();
    banner.hidden = true;
  } catch (e) {
    banner.textContent = `${e.message}. Retrying every second.`;
    banner.hidden = false;
  } finally {
    polling = false;
    clearTimeout(pollTimer);
    pollTimer = setTimeout(poll, Math.max(0, lastPoll + POLL_MS - performance.now()));
  }
}

function init() {
  $('#start-form').addEventListener('submit', startJob);
  $('#run-both').addEventListener('click', runBoth);
  $('#key-forget').addEventListener('click', () => {
    sessionStorage.removeItem(KEY_STORAGE);
    updateKeyState();
  });
  $('#download-report').addEventListener('click', () => {
    if (shown) download(`/api/jobs/${shown.id}/report`, 'text/csv', `${shown.job ? shown.job.name : shown.id}.report.csv`);
  });
  $('#download-dead-letters').addEventListener('click', () => {
    if (shown) {
      download(`/api/jobs/${shown.id}/dead-letters`, 'application/json',
        `${shown.job ? shown.job.name : shown.id}.dead-letters.json`);
    }
  });
  $('#redrive').addEventListener('click', redrive);
  window.addEventListener('hashchange', route);
  setInterval(tick, TICK_MS);
  updateKeyState();
  route();
}

init();
