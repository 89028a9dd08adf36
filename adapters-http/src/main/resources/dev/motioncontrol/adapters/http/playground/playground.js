// The playground's script. It calls this service's API exactly as any client would, with the key the person
// gives, and reads what it needs to know of the API (paths, rules) from /playground/settings.json, which the
// service writes from its own rules and path table.

const KEY_STORAGE = 'motion-control-playground.api-key';
const POLL_EVERY_MS = 1000;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const ORIENTATION_HINTS = {
  video: 'follows the reference video; better for complex motion',
  image: 'follows the image; better for camera movement',
};

const $ = (id) => document.getElementById(id);

let settings = null;
let watching = null;
let listing = 0;

init();

async function init() {
  try {
    const response = await fetch('/playground/settings.json', {headers: {accept: 'application/json'}});
    if (!response.ok) {
      throw new Error(`HTTP ${response.status}`);
    }
    settings = await response.json();
  } catch (e) {
    showBanner($('submit-error'), `The playground could not read its settings (${e.message}). Reload the page.`);
    return;
  }
  $('key-header').textContent = settings.key_header;
  fillModels();
  showRules();
  restoreKey();

  $('model').addEventListener('change', () => {
    fillTiers();
    showEndpoint();
  });
  $('tier').addEventListener('change', showEndpoint);
  $('prompt').addEventListener('input', countPrompt);
  $('api-key').addEventListener('input', keepKey);
  $('api-key').addEventListener('change', refreshTasks);
  $('forget-key').addEventListener('click', forgetKey);
  $('submit-form').addEventListener('submit', submit);
  $('refresh-tasks').addEventListener('click', refreshTasks);
  $('result-video').addEventListener('error', videoFailed);
  document.documentElement.dataset.ready = 'true';
  refreshTasks();
}

// ---- The form: models, tiers, and the provider's rules beside each field ----

function fillModels() {
  const models = $('model');
  models.replaceChildren(...settings.models.map((model) => option(model.model, model.label)));
  fillTiers();
  showEndpoint();
}

function fillTiers() {
  const model = currentModel();
  $('tier').replaceChildren(...model.tiers.map((tier) => option(tier.tier, tier.label)));
}

function currentModel() {
  return settings.models.find((model) => model.model === $('model').value) ?? settings.models[0];
}

function currentEndpoint() {
  const model = currentModel();
  const tier = model.tiers.find((candidate) => candidate.tier === $('tier').value) ?? model.tiers[0];
  return {...tier, label: `${model.label} ${tier.label}`};
}

function showEndpoint() {
  $('endpoint-path').textContent = `POST ${currentEndpoint().submit}`;
}

function showRules() {
  const rules = settings.rules;
  const megabytes = Math.round(rules.image.max_bytes / (1024 * 1024));
  const image = rules.orientations.find((orientation) => orientation.value === 'image');
  $('image_url-rule').textContent = `A publicly reachable URL of an image in ${formats(rules.image.formats)}, `
      + `at least ${rules.image.min_side_px}×${rules.image.min_side_px} px, at most ${megabytes} MB.`;
  $('video_url-rule').textContent = `A publicly reachable URL of a video in ${formats(rules.video.formats)}, `
      + `${rules.video.min_seconds} to ${rules.video.max_seconds} s long`
      + (image ? ` (at most ${image.max_seconds} s with orientation “image”).` : '.');

  const choices = rules.orientations.map((orientation) => {
    const input = el('input', {type: 'radio', name: 'character_orientation', value: orientation.value,
      id: `orientation-${orientation.value}`});
    input.checked = orientation.by_default;
    const hint = ORIENTATION_HINTS[orientation.value];
    return el('label', {class: 'choice', for: input.id}, input,
        el('span', {class: 'choice-value'}, orientation.value),
        el('span', {class: 'hint'}, `${hint ? hint + '; ' : ''}output up to ${orientation.max_seconds} s`));
  });
  $('orientation-choices').replaceChildren(...choices);
  const byDefault = rules.orientations.find((orientation) => orientation.by_default);
  $('character_orientation-rule').textContent = byDefault ? `Default: ${byDefault.value}.` : '';

  $('prompt-limit').textContent = `At most ${rules.prompt_max_characters} characters.`;
  countPrompt();
  const cfg = rules.cfg_scale;
  $('cfg_scale').placeholder = String(cfg.by_default);
  $('cfg_scale-rule').textContent = `A number from ${cfg.min} to ${cfg.max}; higher follows the prompt more `
      + `closely. ${cfg.by_default} when left empty.`;
}

function formats(extensions) {
  const names = extensions.map((extension) => extension.toUpperCase());
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

function countPrompt() {
  // Code points, as the service counts them: an emoji is one character.
  const length = [...$('prompt').value].length;
  $('prompt-count').textContent = `${length} / ${settings.rules.prompt_max_characters}`;
}

// ---- The key: in this tab's session storage at most, never in the URL ----

function key() {
  return $('api-key').value.trim();
}

function restoreKey() {
  try {
    const kept = sessionStorage.getItem(KEY_STORAGE);
    if (kept) {
      $('api-key').value = kept;
    }
  } catch {
    // Storage refused (a privacy setting): the key lives in the field only.
  }
}

function keepKey() {
  clearField(document.querySelector('.field[data-field="api_key"]'));
  try {
    if (key()) {
      sessionStorage.setItem(KEY_STORAGE, key());
    } else {
      sessionStorage.removeItem(KEY_STORAGE);
    }
  } catch {
    // As above: nothing kept.
  }
}

function forgetKey() {
  $('api-key').value = '';
  keepKey();
  stopWatching();
  $('watch-body').hidden = true;
  $('watch-empty').hidden = false;
  refreshTasks();
  $('api-key').focus();
}

// ---- Calling the API ----

async function api(path, {method = 'GET', body, signal} = {}) {
  const headers = {accept: 'application/json', [settings.key_header]: key()};
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
  }
  const response = await fetch(path, {method, headers, body, signal, cache: 'no-store'});
  return answer(response);
}

async function answer(response) {
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return {status: response.status, ok: response.ok, json, retryAfter: response.headers.get('retry-after')};
}

function describeFailure(result) {
  const message = result.json?.message ?? result.json?.problem?.message ?? '';
  const said = message ? `: ${message}` : '.';
  if (result.status === 401 || result.status === 403) {
    return `The service refused the API key (${result.status})${said}`;
  }
  if (result.status === 404) {
    return `Not found (404)${said}`;
  }
  if (result.status === 429) {
    const wait = result.retryAfter ? ` Try again in ${result.retryAfter} s.` : '';
    return `Too many requests (429)${said}${wait}`;
  }
  if (result.status >= 500) {
    return `The service could not answer (${result.status})${said}`;
  }
  return `The request was refused (${result.status})${said}`;
}

// ---- Submitting ----

async function submit(event) {
  event.preventDefault();
  clearMarks();
  if (!key()) {
    markField('api_key', 'Enter your API key: every request needs one.');
    $('api-key').focus();
    return;
  }
  const endpoint = currentEndpoint();
  const button = $('submit-button');
  button.disabled = true;
  $('submit-progress').textContent = 'Submitting…';
  let result;
  try {
    result = await api(endpoint.submit, {method: 'POST', body: JSON.stringify(collect())});
  } catch (e) {
    $('submit-progress').textContent = '';
    showBanner($('submit-error'), `Could not reach the service: ${e.message}`);
    return;
  } finally {
    button.disabled = false;
  }
  const task = result.json?.data;
  if (result.ok && task?.task_id) {
    $('submit-progress').textContent = `Submitted task ${task.task_id}.`;
    watch(task, `${endpoint.tasks}/${task.task_id}`, endpoint.label, true);
    refreshTasks();
    return;
  }
  $('submit-progress').textContent = '';
  const problem = result.json?.problem ?? result.json;
  if (result.status === 400 && Array.isArray(problem?.invalid_params) && problem.invalid_params.length > 0) {
    showViolations(problem);
    return;
  }
  if (result.status === 401 || result.status === 403) {
    markField('api_key', problem?.message ?? 'The key was refused.');
  }
  showBanner($('submit-error'), describeFailure(result));
}

function collect() {
  const body = {};
  for (const name of ['image_url', 'video_url']) {
    const value = $(name).value.trim();
    if (value) {
      body[name] = value;
    }
  }
  const prompt = $('prompt').value;
  if (prompt.trim()) {
    body.prompt = prompt;
  }
  const orientation = document.querySelector('input[name="character_orientation"]:checked');
  if (orientation) {
    body.character_orientation = orientation.value;
  }
  const cfg = $('cfg_scale').value.trim();
  if (cfg) {
    // A number goes as a number; anything else as typed, so that the service names what is wrong with it.
    const number = Number(cfg);
    body.cfg_scale = NUMBER.test(cfg) && Number.isFinite(number) ? number : cfg;
  }
  return body;
}

function showViolations(problem) {
  const list = el('ul');
  for (const violation of problem.invalid_params) {
    const name = String(violation.name ?? violation.field ?? '');
    const reason = String(violation.reason ?? '');
    const control = markField(name, reason);
    if (control) {
      const link = el('a', {href: `#${control.id}`}, fieldLabel(name));
      link.addEventListener('click', (event) => {
        event.preventDefault();
        control.focus();
      });
      list.append(el('li', {}, link, `: ${reason}`));
    } else {
      list.append(el('li', {'data-name': name}, el('code', {}, name || '(unnamed)'), `: ${reason}`));
    }
  }
  const summary = $('form-summary');
  summary.replaceChildren(el('p', {}, problem.message || 'The service refused the request.'), list);
  summary.hidden = false;
  summary.focus();
}

/** Marks the form's field called {@code name} with {@code reason}; its first control, or null when not on the form. */
function markField(name, reason) {
  const field = [...document.querySelectorAll('.field[data-field]')].find((candidate) => candidate.dataset.field === name);
  if (!field) {
    return null;
  }
  field.classList.add('invalid');
  const error = field.querySelector('.error');
  error.textContent = error.hidden ? reason : `${error.textContent} ${reason}`;
  error.hidden = false;
  const controls = [...field.querySelectorAll('input, textarea, select')];
  controls.forEach((control) => control.setAttribute('aria-invalid', 'true'));
  return controls[0] ?? null;
}

function fieldLabel(name) {
  const field = document.querySelector(`.field[data-field="${name}"]`);
  const label = field?.querySelector('label, legend');
  return label ? label.firstChild.textContent.trim() : name;
}

function clearField(field) {
  if (!field) {
    return;
  }
  field.classList.remove('invalid');
  const error = field.querySelector('.error');
  error.textContent = '';
  error.hidden = true;
  field.querySelectorAll('[aria-invalid]').forEach((control) => control.removeAttribute('aria-invalid'));
}

function clearMarks() {
  document.querySelectorAll('.field[data-field]').forEach(clearField);
  $('form-summary').hidden = true;
  $('form-summary').replaceChildren();
  $('submit-error').hidden = true;
}

// ---- Watching one task: its live status stream, or polling when the stream cannot be had ----

function watch(task, statusPath, label, submittedHere) {
  stopWatching();
  const current = {
    id: task.task_id, statusPath, label, controller: new AbortController(), started: Date.now(),
    last: null, over: false, tick: null, poll: null, via: '',
  };
  watching = current;
  $('watch-empty').hidden = true;
  $('watch-body').hidden = false;
  $('watch-id').textContent = current.id;
  $('watch-model').textContent = label;
  $('elapsed-label').textContent = submittedHere ? 'Since submitted' : 'Watching for';
  $('state-history').replaceChildren();
  $('watch-error').hidden = true;
  $('result').hidden = true;
  const video = $('result-video');
  video.removeAttribute('src');
  video.load();
  if (task.status) {
    // What the submit or the list said; the stream's first event says how the task stands now (and a finished
    // task's videos, which a list does not name).
    showState(current, String(task.status));
  }
  current.tick = setInterval(() => showElapsed(current), 1000);
  showElapsed(current);
  markWatchedRow();
  stream(current);
}

function stopWatching() {
  if (watching) {
    watching.over = true;
    watching.controller.abort();
    clearInterval(watching.tick);
    clearTimeout(watching.poll);
  }
  watching = null;
  markWatchedRow();
}

async function stream(current) {
  current.via = 'the live stream';
  showVia('live (Server-Sent Events)');
  let response;
  try {
    // Not EventSource: it cannot send the key's header. A fetch reads the same stream.
    response = await fetch(current.statusPath + settings.events_suffix, {
      headers: {accept: 'text/event-stream', [settings.key_header]: key()},
      signal: current.controller.signal,
      cache: 'no-store',
    });
  } catch {
    poll(current, 'the live stream could not be opened');
    return;
  }
  if (!response.ok || !response.body) {
    const result = await answer(response).catch(() => ({status: response.status, json: null}));
    if ([401, 403, 404].includes(result.status)) {
      stopWith(current, describeFailure(result));
    } else {
      poll(current, `the live stream was refused (${result.status})`);
    }
    return;
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let pending = '';
  let event = {type: '', data: []};
  try {
    for (;;) {
      const {value, done} = await reader.read();
      if (done) {
        break;
      }
      pending += value;
      const lines = pending.split(/\r?\n/);
      pending = lines.pop();
      for (const line of lines) {
        if (line === '') {
          dispatch(current, event);
          event = {type: '', data: []};
          if (current.over) {
            reader.cancel().catch(() => {});
            return;
          }
        } else if (!line.startsWith(':')) {
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          let text = colon < 0 ? '' : line.slice(colon + 1);
          if (text.startsWith(' ')) {
            text = text.slice(1);
          }
          if (field === 'event') {
            event.type = text;
          } else if (field === 'data') {
            event.data.push(text);
          }
        }
      }
    }
  } catch {
    poll(current, 'the live stream broke off');
    return;
  }
  poll(current, 'the live stream ended before the task did');
}

function dispatch(current, event) {
  if (event.data.length === 0 || current !== watching) {
    return;
  }
  let body;
  try {
    body = JSON.parse(event.data.join('\n'));
  } catch {
    return;
  }
  if (event.type === 'error') {
    stopWith(current, `The service stopped following the task: ${body?.message ?? 'no reason given'}`);
  } else if (body?.data) {
    update(current, body.data);
  }
}

function poll(current, why) {
  if (current !== watching || current.over) {
    return;
  }
  current.via = 'polling';
  showVia(`polling every ${POLL_EVERY_MS / 1000} s (${why})`);
  const once = async () => {
    if (current !== watching) {
      return;
    }
    let result;
    try {
      result = await api(current.statusPath, {signal: current.controller.signal});
    } catch (e) {
      if (current === watching && !current.controller.signal.aborted) {
        showBanner($('watch-error'), `Could not reach the service (${e.message}); trying again.`);
        current.poll = setTimeout(once, 3 * POLL_EVERY_MS);
      }
      return;
    }
    if (current !== watching) {
      return;
    }
    if (result.ok && result.json?.data) {
      $('watch-error').hidden = true;
      update(current, result.json.data);
      if (!current.over) {
        current.poll = setTimeout(once, POLL_EVERY_MS);
      }
      return;
    }
    if ([401, 403, 404].includes(result.status)) {
      stopWith(current, describeFailure(result));
      return;
    }
    showBanner($('watch-error'), `${describeFailure(result)} Trying again.`);
    current.poll = setTimeout(once, Math.max(POLL_EVERY_MS, 1000 * (Number(result.retryAfter) || 0)));
  };
  once();
}

function update(current, task) {
  if (current !== watching) {
    return;
  }
  const status = String(task.status ?? '');
  showState(current, status);
  if (settings.terminal_statuses.includes(status)) {
    finish(current, task);
  }
}

function showState(current, status) {
  if (!status || status === current.last) {
    return;
  }
  current.last = status;
  const state = $('task-state');
  state.textContent = status;
  state.className = stateClass(status);
  $('state-history').append(el('li', {}, `${elapsed(current)}: ${status}`));
}

function stateClass(status) {
  // Documented states have colours of their own; any other word the provider may send shows as itself.
  return `state state-${/^[A-Z_]+$/.test(status) ? status : 'OTHER'}`;
}

function finish(current, task) {
  current.over = true;
  clearInterval(current.tick);
  showElapsed(current);
  showVia(`finished; followed by ${current.via}`);
  if (task.status === 'COMPLETED') {
    showVideo(task.generated);
  } else {
    showBanner($('watch-error'), 'The task failed: the provider made no video.');
  }
  refreshTasks();
}

function stopWith(current, message) {
  if (current !== watching) {
    return;
  }
  current.over = true;
  clearInterval(current.tick);
  showVia('stopped');
  showBanner($('watch-error'), message);
}

function showVideo(generated) {
  const urls = (Array.isArray(generated) ? generated : [])
      .map((entry) => (typeof entry === 'string' ? entry : entry?.url))
      .filter(isWebUrl);
  if (urls.length === 0) {
    showBanner($('watch-error'), 'The task completed without naming a video.');
    return;
  }
  const video = $('result-video');
  video.src = urls[0];
  $('result-link').href = urls[0];
  const more = urls.slice(1).map((url, index) => el('a', {href: url, target: '_blank', rel: 'noopener'},
      `video ${index + 2}`));
  $('result-more').replaceChildren(...(more.length ? [' · also ', ...more] : []));
  $('result').hidden = false;
  video.play().catch(() => {
    // Autoplay refused by the browser: the controls are there to start it.
  });
}

function isWebUrl(text) {
  if (typeof text !== 'string') {
    return false;
  }
  try {
    const url = new URL(text, window.location.href);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function videoFailed() {
  const error = $('result-video').error;
  if (error && $('result-video').getAttribute('src')) {
    showBanner($('watch-error'), `This browser could not play the video (media error ${error.code}`
        + `${error.message ? ': ' + error.message : ''}). The link below downloads it.`);
  }
}

function showVia(text) {
  $('watch-via').textContent = text;
}

function showElapsed(current) {
  $('elapsed').textContent = elapsed(current);
}

function elapsed(current) {
  const seconds = Math.floor((Date.now() - current.started) / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}

// ---- The caller's tasks ----

async function refreshTasks() {
  if (!settings) {
    return;
  }
  const message = $('tasks-message');
  const ticket = ++listing;
  message.classList.remove('error-text');
  if (!key()) {
    $('tasks-table').hidden = true;
    message.textContent = 'Enter your API key to see your tasks.';
    return;
  }
  message.textContent = 'Loading your tasks…';
  const results = await Promise.all(settings.lists.map(async (list) => {
    try {
      return {list, result: await api(list.path)};
    } catch (error) {
      return {list, error};
    }
  }));
  if (ticket !== listing) {
    return;
  }
  const rows = [];
  const problems = new Set();
  for (const {list, result, error} of results) {
    if (error) {
      problems.add(`Could not reach the service (${error.message}).`);
    } else if (!result.ok) {
      problems.add(describeFailure(result));
    } else {
      for (const task of result.json?.data ?? []) {
        rows.push({id: task.task_id, status: task.status, label: list.label, statusPath: `${list.path}/${task.task_id}`});
      }
    }
  }
  $('tasks-body').replaceChildren(...rows.map(taskRow));
  $('tasks-table').hidden = rows.length === 0;
  markWatchedRow();
  const time = new Date().toLocaleTimeString();
  message.classList.toggle('error-text', problems.size > 0);
  if (problems.size > 0) {
    message.textContent = [...problems].join(' ');
  } else {
    message.textContent = rows.length === 0 ? `You have no tasks yet (as of ${time}).`
        : `${rows.length} ${rows.length === 1 ? 'task' : 'tasks'}, as of ${time}.`;
  }
}

function taskRow(row) {
  const button = el('button', {type: 'button', class: 'secondary', 'aria-label': `Watch task ${row.id}`}, 'Watch');
  button.addEventListener('click', () => {
    watch({task_id: row.id, status: row.status}, row.statusPath, row.label, false);
    $('watch-heading').focus();
  });
  const state = el('span', {class: stateClass(row.status)}, row.status);
  const tr = el('tr', {'data-task-id': row.id}, el('td', {}, el('code', {}, row.id)), el('td', {}, row.label),
      el('td', {}, state), el('td', {}, button));
  return tr;
}

function markWatchedRow() {
  for (const row of $('tasks-body').children) {
    if (watching && row.dataset.taskId === watching.id) {
      row.setAttribute('aria-current', 'true');
    } else {
      row.removeAttribute('aria-current');
    }
  }
}

// ---- Small DOM helpers ----

function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    element.setAttribute(name, value);
  }
  element.append(...children);
  return element;
}

function option(value, text) {
  return el('option', {value}, text);
}

function showBanner(banner, text) {
  banner.textContent = text;
  banner.hidden = false;
}
