// The service page: every value from the server is written with textContent, never as HTML.
'use strict';
(function () {
  let apiKey = '';
  const $ = (id) => document.getElementById(id);

  function show(message) { $('message').textContent = message || ''; }

  async function call(method, path, body, contentType) {
    const headers = { 'X-API-Key': apiKey };
    if (body !== undefined) headers['Content-Type'] = contentType || 'application/json';
    const res = await fetch(path, { method, headers, body: body === undefined ? undefined
        : (contentType ? body : JSON.stringify(body)) });
    const data = res.status === 204 ? null : await res.json();
    if (!res.ok && !(data && data.problems)) throw new Error(data && data.error ? data.error : 'HTTP ' + res.status);
    return { status: res.status, data };
  }

  function cell(row, text, numeric) {
    const td = document.createElement('td');
    td.textContent = text === null || text === undefined ? '-' : String(text);
    if (numeric) td.className = 'num';
    row.appendChild(td);
    return td;
  }

  function fmt(x) { return typeof x === 'number' ? x.toFixed(1) : '-'; }

  function button(td, label, onClick) {
    const b = document.createElement('button');
    b.textContent = label;
    b.addEventListener('click', onClick);
    td.appendChild(b);
  }

  async function loadModels() {
    show('');
    try {
      const { data } = await call('GET', '/api/models');
      const body = $('models').querySelector('tbody');
      body.replaceChildren();
      const select = $('p-model');
      select.replaceChildren();
      for (const m of data.models) {
        const tr = document.createElement('tr');
        cell(tr, m.model);
        cell(tr, m.runs, true);
        cell(tr, m.latest.run.trafficMode + ' ' + m.latest.run.trafficLevel);
        cell(tr, fmt(m.latest.keyMetrics.ttft.p50), true);
        cell(tr, fmt(m.latest.keyMetrics.e2e.p50), true);
        button(cell(tr, ''), 'runs', () => loadRuns(m.model));
        body.appendChild(tr);
        const opt = document.createElement('option');
        opt.value = m.model;
        opt.textContent = m.model;
        select.appendChild(opt);
      }
    } catch (e) { show(e.message); }
  }

  async function loadRuns(model) {
    show('');
    try {
      const { data } = await call('GET', '/api/runs?model=' + encodeURIComponent(model));
      $('runs-title').textContent = 'Runs of ' + model + ' (' + data.total + ')';
      const body = $('runs').querySelector('tbody');
      body.replaceChildren();
      for (const r of data.runs) {
        const tr = document.createElement('tr');
        cell(tr, r.id.substring(0, 8));
        cell(tr, r.deployment.name);
        cell(tr, r.run.trafficMode + ' ' + r.run.trafficLevel);
        cell(tr, r.job.requests, true);
        cell(tr, r.job.succeeded, true);
        cell(tr, fmt(r.keyMetrics.ttft.p95), true);
        cell(tr, fmt(r.job.outputTokenThroughput), true);
        button(cell(tr, ''), 'delete', async () => {
          if (!confirm('Delete run ' + r.id + '?')) return;
          try { await call('DELETE', '/api/runs/' + encodeURIComponent(r.id)); await loadRuns(model); await loadModels(); }
          catch (e) { show(e.message); }
        });
        body.appendChild(tr);
      }
    } catch (e) { show(e.message); }
  }

  async function upload() {
    show('');
    const out = $('upload-result');
    out.replaceChildren();
    const file = $('csv').files[0];
    if (!file) { show('choose a CSV file first'); return; }
    try {
      const mode = $('skip').checked ? 'skip' : 'all';
      const { data } = await call('POST', '/api/runs/import?mode=' + mode, await file.text(), 'text/csv');
      const p = document.createElement('p');
      p.textContent = data.error ? data.error : 'imported ' + data.imported + ' run(s)';
      out.appendChild(p);
      const ul = document.createElement('ul');
      for (const problem of data.problems || []) {
        const li = document.createElement('li');
        li.className = 'error';
        li.textContent = problem.message;
        ul.appendChild(li);
      }
      out.appendChild(ul);
      await loadModels();
    } catch (e) { show(e.message); }
  }

  async function predict() {
    show('');
    const out = $('predict-result');
    out.replaceChildren();
    try {
      const { data } = await call('POST', '/api/predict', {
        model: $('p-model').value,
        inputTokens: Number($('p-in').value),
        outputTokens: Number($('p-out').value),
        concurrency: Number($('p-conc').value),
      });
      const p = document.createElement('p');
      p.textContent = data.confidence + ' confidence (' + data.predictor + ', ' + data.runs + ' runs); nearest run: ' + data.nearestRun;
      out.appendChild(p);
      const table = document.createElement('table');
      const head = document.createElement('tr');
      for (const h of ['measure', 'value', 'interval (' + Math.round(data.level * 100) + '%)', 'unit']) {
        const th = document.createElement('th');
        th.textContent = h;
        head.appendChild(th);
      }
      table.appendChild(head);
      for (const [measure, v] of Object.entries(data.values)) {
        const tr = document.createElement('tr');
        cell(tr, measure);
        cell(tr, fmt(v.value), true);
        cell(tr, '[' + fmt(v.lower) + ', ' + fmt(v.upper) + ']', true);
        cell(tr, v.unit);
        table.appendChild(tr);
      }
      out.appendChild(table);
    } catch (e) { show(e.message); }
  }

  $('connect').addEventListener('click', () => { apiKey = $('key').value; loadModels(); });
  $('upload').addEventListener('click', upload);
  $('predict').addEventListener('click', predict);
})();
