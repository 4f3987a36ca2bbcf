/*
 * The llmbench web application: one page, views chosen by the URL's #fragment, data from the
 * service's JSON API. Every text from the API reaches the page through textContent or attribute
 * values set with setAttribute, never as markup. The API key lives in the variable below only:
 * not in storage, not in the URL, gone when the tab closes.
 */
(function () {
  'use strict';

  var apiKey = null;
  var charts = [];
  var main = document.getElementById('main');

  // ---- small DOM helpers (text only, never markup) ----

  function h(tag, attrs) {
    var el = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined || v === false) { return; }
        if (k === 'text') { el.textContent = String(v); } else if (k.indexOf('on') === 0) {
          el.addEventListener(k.slice(2), v);
        } else if (k === 'class') { el.className = v; } else { el.setAttribute(k, v === true ? '' : String(v)); }
      });
    }
    for (var i = 2; i < arguments.length; i++) { add(el, arguments[i]); }
    return el;
  }

  function add(el, child) {
    if (child === null || child === undefined || child === false) { return; }
    if (Array.isArray(child)) { child.forEach(function (c) { add(el, c); }); return; }
    el.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }

  function fmt(v, digits) {
    if (v === null || v === undefined || typeof v !== 'number' || !isFinite(v)) { return '–'; }
    var a = Math.abs(v);
    if (digits !== undefined) { return v.toFixed(digits); }
    if (a >= 1000) { return Math.round(v).toLocaleString('en-US'); }
    if (a >= 100) { return v.toFixed(1); }
    if (a >= 10) { return v.toFixed(2); }
    return v.toPrecision(3);
  }

  function level(v) { return typeof v === 'number' && isFinite(v) ? String(Number(v.toPrecision(4))) : '–'; }

  function pct(v) { return v === null || v === undefined ? '–' : (v * 100).toFixed(1) + '%'; }

  function duration(s) {
    if (s === null || s === undefined || !isFinite(s)) { return '–'; }
    if (s < 120) { return fmt(s) + ' s'; }
    if (s < 7200) { return fmt(s / 60) + ' min'; }
    if (s < 172800) { return fmt(s / 3600) + ' h'; }
    return fmt(s / 86400) + ' d';
  }

  function table(headers, rows, cls) {
    return h('div', { class: 'table-wrap' }, h('table', { class: cls || null },
      h('thead', null, h('tr', null, headers.map(function (x) {
        var num = x.charAt(0) === '#';
        return h('th', { class: num ? 'num' : null, text: num ? x.slice(1) : x });
      }))),
      h('tbody', null, rows)));
  }

  function row(cells, headers) {
    return h('tr', null, cells.map(function (c, i) {
      var num = headers && headers[i] && headers[i].charAt(0) === '#';
      return h('td', { class: num ? 'num' : null }, c);
    }));
  }

  function field(label, input) { return h('label', { class: 'field' }, h('span', { text: label }), input); }

  function numberInput(id, value, min, step) {
    return h('input', { id: id, type: 'number', value: value, min: min === undefined ? 1 : min, step: step || 'any', required: true });
  }

  function select(id, options, value) {
    return h('select', { id: id }, options.map(function (o) {
      var opt = h('option', { value: o[0], text: o[1] });
      if (o[0] === value) { opt.selected = true; }
      return opt;
    }));
  }

  function val(id) { return document.getElementById(id).value; }
  function num(id) { return Number(val(id)); }

  function errorBox(e) {
    return h('p', { class: 'error', role: 'alert', text: e && e.message ? e.message : String(e) });
  }

  function confidence(c) {
    var level = String(c || '').toLowerCase();
    return h('span', { class: 'conf conf-' + level, text: level || '–' });
  }

  function status(text) { document.getElementById('status').textContent = text; }

  // ---- the API ----

  function api(method, path, body, contentType) {
    if (apiKey === null) {
      return Promise.reject(new Error('Give the API key above first.'));
    }
    var headers = { 'X-API-Key': apiKey, 'Accept': 'application/json' };
    var init = { method: method, headers: headers, cache: 'no-store', credentials: 'omit' };
    if (body !== undefined && body !== null) {
      if (body instanceof FormData) { init.body = body; } else {
        headers['Content-Type'] = contentType || 'application/json';
        init.body = contentType ? body : JSON.stringify(body);
      }
    }
    return fetch(path, init).then(function (res) {
      if (res.status === 204) { return null; }
      return res.text().then(function (text) {
        var json = null;
        try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
        if (res.status === 401) { forgetKey(); }
        if (!res.ok && !(json && json.problems)) {
          var err = new Error((json && json.error) || ('HTTP ' + res.status));
          err.status = res.status;
          err.body = json;
          throw err;
        }
        if (json && typeof json === 'object' && !Array.isArray(json)) { json._status = res.status; }
        return json;
      });
    });
  }

  function enc(s) { return encodeURIComponent(s); }

  // ---- the key ----

  function setKey(k) {
    apiKey = k;
    document.getElementById('key-form').hidden = true;
    document.getElementById('key-set').hidden = false;
  }

  function forgetKey() {
    apiKey = null;
    document.getElementById('key-form').hidden = false;
    document.getElementById('key-set').hidden = true;
  }

  document.getElementById('key-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var input = document.getElementById('key-input');
    if (input.value.trim()) {
      setKey(input.value.trim());
      input.value = '';
      route();
    }
  });
  document.getElementById('key-forget').addEventListener('click', function () { forgetKey(); route(); });

  // ---- charts from the report's chart script ----

  function clearCharts() {
    charts.forEach(function (c) { try { c.destroy(); } catch (e) { /* already gone */ } });
    charts = [];
  }

  function chartGrid(specs) {
    var grid = h('div', { class: 'grid' });
    var pending = [];
    specs.forEach(function (spec) {
      var canvas = h('canvas', { id: spec.id, role: 'img', 'aria-label': spec.title || spec.id });
      grid.appendChild(h('figure', { class: 'card' }, h('figcaption', { text: spec.title || '' }),
        h('div', { class: 'chart' }, canvas), spec.note ? h('p', { class: 'note', text: spec.note }) : null));
      pending.push(spec);
    });
    grid.draw = function () {
      pending.forEach(function (spec) {
        try { charts.push(window.llmbenchCharts.draw(spec)); } catch (e) {
          grid.appendChild(errorBox('chart ' + spec.id + ' failed: ' + e));
        }
      });
      var drawn = 0;
      charts.forEach(function (c) { if (window.llmbenchCharts.drawn(c)) { drawn++; } });
      document.body.setAttribute('data-charts', String(charts.length));
      document.body.setAttribute('data-charts-drawn', String(drawn));
    };
    return grid;
  }

  function showCharts(container, specs) {
    var grid = chartGrid(specs);
    container.appendChild(grid);
    requestAnimationFrame(function () { grid.draw(); ready(); });
  }

  // ---- views ----

  function page(title) {
    clearCharts();
    while (main.firstChild) { main.removeChild(main.firstChild); }
    document.body.removeAttribute('data-charts');
    document.body.removeAttribute('data-charts-drawn');
    var section = h('section', { class: 'view' }, h('h1', { text: title }));
    main.appendChild(section);
    return section;
  }

  function loading(section) {
    document.body.setAttribute('data-state', 'loading');
    var p = h('p', { class: 'muted', text: 'Loading…' });
    section.appendChild(p);
    return p;
  }

  function ready() { document.body.setAttribute('data-state', 'ready'); }

  function failed(section, e) {
    section.appendChild(errorBox(e));
    document.body.setAttribute('data-state', 'error');
  }

  function needKey(section) {
    if (apiKey !== null) { return false; }
    section.appendChild(h('p', { class: 'notice', text: 'Give the API key above to load data.' }));
    document.getElementById('key-input').focus();
    ready();
    return true;
  }

  var views = {};

  views.upload = function (section) {
    var mode = h('input', { id: 'upload-skip', type: 'checkbox' });
    var file = h('input', { id: 'upload-file', type: 'file', accept: '.csv,text/csv' });
    var result = h('div', { id: 'upload-result' });
    var zone = h('div', { id: 'drop', class: 'drop', tabindex: '0' },
      h('p', null, 'Drag a benchmark summary CSV here, or '), field('choose a file', file),
      h('p', { class: 'muted', text: 'The header must be the benchmark summary format (51 columns). All rows are imported, '
        + 'or none when one is bad, unless bad rows may be skipped.' }));
    function send(f) {
      while (result.firstChild) { result.removeChild(result.firstChild); }
      if (!f) { return; }
      var form = new FormData();
      form.append('file', f, f.name);
      document.body.setAttribute('data-state', 'loading');
      result.appendChild(h('p', { class: 'muted', text: 'Uploading ' + f.name + '…' }));
      api('POST', '/api/benchmarks/upload?mode=' + (mode.checked ? 'skip' : 'all'), form).then(function (r) {
        while (result.firstChild) { result.removeChild(result.firstChild); }
        if (r.success) {
          result.appendChild(h('p', { class: 'ok', id: 'upload-ok' }, 'Imported ' + r.rows_inserted + ' row'
            + (r.rows_inserted === 1 ? '' : 's') + ' from ' + (r.file || f.name) + '. ', h('a', { href: '#/models', text: 'See the models' })));
        } else {
          result.appendChild(h('p', { class: 'error', id: 'upload-error', text: r.error || 'Nothing was imported.' }));
        }
        if (r.problems && r.problems.length) {
          var hd = ['#Line', 'Column', 'Rule', 'Value', 'Problem'];
          result.appendChild(h('h2', { text: r.problems.length + ' problem' + (r.problems.length === 1 ? '' : 's') }));
          result.appendChild(table(hd, r.problems.map(function (p) {
            return row([String(p.line), p.column || '', p.rule || '', p.value || '', p.message], hd);
          }), 'problems'));
        }
        ready();
      }).catch(function (e) { failed(result, e); });
    }
    file.addEventListener('change', function () { send(file.files[0]); });
    ['dragenter', 'dragover'].forEach(function (ev) {
      zone.addEventListener(ev, function (e) { e.preventDefault(); zone.classList.add('over'); });
    });
    zone.addEventListener('dragleave', function () { zone.classList.remove('over'); });
    zone.addEventListener('drop', function (e) {
      e.preventDefault();
      zone.classList.remove('over');
      if (e.dataTransfer && e.dataTransfer.files.length) { send(e.dataTransfer.files[0]); }
    });
    section.appendChild(zone);
    section.appendChild(h('p', null, field('skip bad rows and import the rest', mode)));
    section.appendChild(result);
    ready();
  };

  views.models = function (section, params) {
    if (needKey(section)) { return; }
    var wait = loading(section);
    api('GET', '/api/models').then(function (r) {
      section.removeChild(wait);
      if (!r.models.length) {
        section.appendChild(h('p', { class: 'notice' }, 'No runs stored yet. ', h('a', { href: '#/upload', text: 'Upload a CSV' }),
          ' or run a benchmark with the llmbench command.'));
        ready();
        return;
      }
      var hd = ['Model', '#Runs', 'Latest traffic', '#TTFT p50 (ms)', '#E2E p50 (ms)', '#Out tok/s', 'Latest run'];
      section.appendChild(table(hd, r.models.map(function (m) {
        var l = m.latest;
        return row([h('a', { href: '#/models?model=' + enc(m.model), class: 'model-link', text: m.model }), String(m.runs),
          l.run.trafficMode + ' ' + level(l.run.trafficLevel), fmt(l.keyMetrics.ttft.p50), fmt(l.keyMetrics.e2e.p50),
          fmt(l.job.outputTokenThroughput), l.run.startedAt.replace('T', ' ').slice(0, 19)], hd);
      }), 'models'));
      var chosen = params.model || r.models[0].model;
      runsOf(section, chosen);
    }).catch(function (e) { failed(section, e); });
  };

  function runsOf(section, model) {
    var box = h('div', { id: 'runs' });
    section.appendChild(box);
    box.appendChild(h('h2', { id: 'runs-title', text: 'Runs of ' + model }));
    var filter = h('input', { id: 'runs-filter', type: 'search', placeholder: 'filter: endpoint, traffic, hardware, label…' });
    var compareBtn = h('button', { id: 'compare-selected', type: 'button', disabled: true, text: 'Compare selected' });
    box.appendChild(h('div', { class: 'toolbar' }, field('Filter', filter), compareBtn));
    var body = h('div');
    box.appendChild(body);
    api('GET', '/api/runs?limit=1000&model=' + enc(model)).then(function (r) {
      var hd = ['', 'Run', 'Endpoint', 'Traffic', '#Requests', '#Success', '#TTFT p95 (ms)', '#E2E p50 (ms)', '#Out tok/s', 'Started', ''];
      var rows = r.runs.map(function (run) {
        var check = h('input', { type: 'checkbox', class: 'pick', value: run.id, 'aria-label': 'select run ' + run.id });
        check.addEventListener('change', function () {
          compareBtn.disabled = body.querySelectorAll('input.pick:checked').length < 2;
        });
        var del = h('button', { type: 'button', class: 'danger delete', text: 'Delete' });
        var cell = h('span', null, del);
        del.addEventListener('click', function () { confirmDelete(cell, del, run, tr); });
        var labels = Object.keys(run.run.labels).map(function (k) { return k + '=' + run.run.labels[k]; }).join(' ');
        var tr = row([check, h('a', { href: '#/run/' + enc(run.id), class: 'run-link', text: run.id.slice(0, 8) }), run.deployment.name,
          run.run.trafficMode + ' ' + level(run.run.trafficLevel), String(run.job.requests), pct(run.job.successRate),
          fmt(run.keyMetrics.ttft.p95), fmt(run.keyMetrics.e2e.p50), fmt(run.job.outputTokenThroughput),
          run.run.startedAt.replace('T', ' ').slice(0, 19), cell], hd);
        tr.setAttribute('data-search', [run.id, run.deployment.name, run.run.trafficMode, run.run.trafficLevel,
          run.deployment.hardware || '', run.deployment.engine || '', labels].join(' ').toLowerCase());
        return tr;
      });
      body.appendChild(table(hd, rows, 'runs'));
      body.appendChild(h('p', { class: 'muted', id: 'runs-count', text: r.total + ' run' + (r.total === 1 ? '' : 's') }));
      filter.addEventListener('input', function () {
        var q = filter.value.trim().toLowerCase();
        var shown = 0;
        rows.forEach(function (tr) {
          var hit = !q || tr.getAttribute('data-search').indexOf(q) >= 0;
          tr.hidden = !hit;
          if (hit) { shown++; }
        });
        document.getElementById('runs-count').textContent = shown + ' of ' + r.total + ' runs shown';
      });
      compareBtn.addEventListener('click', function () {
        var ids = Array.prototype.map.call(body.querySelectorAll('input.pick:checked'), function (c) { return c.value; });
        location.hash = '#/compare?runs=' + ids.map(enc).join(',');
      });
      ready();
    }).catch(function (e) { failed(box, e); });
  }

  function confirmDelete(cell, del, run, tr) {
    del.hidden = true;
    var yes = h('button', { type: 'button', class: 'danger confirm-delete', text: 'Delete run ' + run.id.slice(0, 8) + '?' });
    var no = h('button', { type: 'button', class: 'cancel-delete', text: 'Keep' });
    var ask = h('span', { class: 'confirm' }, yes, ' ', no);
    cell.appendChild(ask);
    no.addEventListener('click', function () { cell.removeChild(ask); del.hidden = false; });
    yes.addEventListener('click', function () {
      yes.disabled = true;
      api('DELETE', '/api/runs/' + enc(run.id)).then(function () {
        tr.parentNode.removeChild(tr);
        status('deleted run ' + run.id);
      }).catch(function (e) { cell.appendChild(errorBox(e)); });
    });
  }

  views.run = function (section, params, id) {
    if (needKey(section)) { return; }
    var wait = loading(section);
    Promise.all([api('GET', '/api/runs/' + enc(id)), api('GET', '/api/charts?runs=' + enc(id)),
      api('GET', '/api/runs/' + enc(id) + '/records?limit=100')]).then(function (all) {
      var r = all[0];
      section.removeChild(wait);
      section.querySelector('h1').textContent = 'Run ' + r.id.slice(0, 8) + ' · ' + r.deployment.name;
      var d = r.deployment;
      var facts = [['Model', d.model], ['Endpoint', d.name], ['Provider', d.provider], ['Hardware', d.hardware],
        ['Engine', d.engine], ['Quantization', d.quantization], ['Traffic', r.run.trafficMode + ' ' + level(r.run.trafficLevel)],
        ['Workload', r.run.workload], ['Started', r.run.startedAt], ['Duration', duration(r.job.durationSeconds)],
        ['Requests', r.job.requests + ' (' + pct(r.job.successRate) + ' ok)'], ['Run id', r.id], ['Notes', r.run.notes]];
      section.appendChild(h('dl', { class: 'facts' }, facts.filter(function (f) { return f[1]; }).map(function (f) {
        return [h('dt', { text: f[0] }), h('dd', { text: f[1] })];
      })));
      function p50(m) { return r.metrics[m] ? fmt(r.metrics[m].p50) + ' ' + r.metrics[m].unit : '–'; }
      var cards = [['TTFT p50', p50('ttft')], ['TPOT p50', p50('tpot')], ['E2E p50', p50('e2e')],
        ['Output tok/s', fmt(r.job.outputTokenThroughput)], ['Req/s', fmt(r.job.requestThroughput)]];
      section.appendChild(h('div', { class: 'cards' }, cards.map(function (c) {
        return h('div', { class: 'stat' }, h('span', { class: 'label', text: c[0] }), h('span', { class: 'value', text: c[1] }));
      })));
      var hd = ['Metric', 'Unit', '#Count', '#Mean', '#p50', '#p95', '#p99', '#Max'];
      section.appendChild(h('h2', { text: 'Metrics' }));
      section.appendChild(table(hd, Object.keys(r.metrics).map(function (k) {
        var s = r.metrics[k];
        return row([k, s.unit, String(s.count), fmt(s.mean), fmt(s.p50), fmt(s.p95), fmt(s.p99), fmt(s.max)], hd);
      }), 'metrics'));
      if (r.warnings.length) {
        section.appendChild(h('ul', { class: 'warnings' }, r.warnings.map(function (w) { return h('li', { text: w }); })));
      }
      recordsTable(section, id, all[2]);
      section.appendChild(h('h2', { text: 'Charts' }));
      showCharts(section, all[1].charts);
    }).catch(function (e) { failed(section, e); });
  };

  function recordsTable(section, id, first) {
    var box = h('div', { id: 'records' });
    section.appendChild(h('h2', { text: 'Request records' }));
    section.appendChild(box);
    function show(page) {
      while (box.firstChild) { box.removeChild(box.firstChild); }
      if (!page.total) {
        box.appendChild(h('p', { class: 'muted', text: 'No request records stored (an imported summary row has none).' }));
        return;
      }
      var hd = ['#', 'Prompt', '#Sent (ms)', '#TTFT (ms)', '#E2E (ms)', '#In tok', '#Out tok', 'Outcome'];
      box.appendChild(table(hd, page.records.map(function (x) {
        return row([String(x.sequence), x.prompt, fmt(x.sentMs), fmt(x.ttftMs), fmt(x.e2eMs), String(x.inputTokens),
          String(x.outputTokens), x.ok ? 'ok' : (x.failure || 'failed') + (x.error ? ': ' + x.error : '')], hd);
      }), 'records'));
      var prev = h('button', { type: 'button', text: '← previous', disabled: page.offset === 0 });
      var next = h('button', { type: 'button', text: 'next →', disabled: page.offset + page.limit >= page.total });
      prev.addEventListener('click', function () { load(Math.max(0, page.offset - page.limit)); });
      next.addEventListener('click', function () { load(page.offset + page.limit); });
      box.appendChild(h('div', { class: 'toolbar' }, prev, h('span', { class: 'muted', text: 'records ' + (page.offset + 1) + '–'
        + Math.min(page.total, page.offset + page.limit) + ' of ' + page.total }), next));
    }
    function load(offset) {
      api('GET', '/api/runs/' + enc(id) + '/records?limit=100&offset=' + offset).then(show).catch(function (e) { box.appendChild(errorBox(e)); });
    }
    show(first);
  }

  views.compare = function (section, params) {
    if (needKey(section)) { return; }
    var ids = (params.runs || '').split(',').filter(function (x) { return x; });
    if (ids.length < 2) {
      section.appendChild(h('p', { class: 'notice' }, 'Pick two or more runs on the ', h('a', { href: '#/models', text: 'models page' }),
        ' and press “Compare selected”.'));
      ready();
      return;
    }
    var wait = loading(section);
    Promise.all(ids.map(function (id) { return api('GET', '/api/runs/' + enc(id)); })
      .concat([api('GET', '/api/charts?runs=' + ids.map(enc).join(','))])).then(function (all) {
      section.removeChild(wait);
      var runs = all.slice(0, ids.length);
      var lines = [['Endpoint', function (r) { return r.deployment.name; }], ['Model', function (r) { return r.deployment.model; }],
        ['Traffic', function (r) { return r.run.trafficMode + ' ' + level(r.run.trafficLevel); }],
        ['Hardware', function (r) { return r.deployment.hardware || '–'; }],
        ['Requests', function (r) { return String(r.job.requests); }], ['Success', function (r) { return pct(r.job.successRate); }],
        ['Output tok/s', function (r) { return fmt(r.job.outputTokenThroughput); }],
        ['Req/s', function (r) { return fmt(r.job.requestThroughput); }]];
      ['ttft', 'tpot', 'e2e', 'user_tps'].forEach(function (m) {
        ['p50', 'p95', 'p99'].forEach(function (p) {
          lines.push([m + ' ' + p, function (r) { return r.metrics[m] ? fmt(r.metrics[m][p]) + ' ' + r.metrics[m].unit : '–'; }]);
        });
      });
      var hd = ['Run'].concat(runs.map(function (r) { return '#' + r.id.slice(0, 8); }));
      section.appendChild(table(hd, lines.map(function (l) {
        return row([l[0]].concat(runs.map(function (r) { return l[1](r); })), hd);
      }), 'side-by-side'));
      section.appendChild(h('h2', { text: 'Charts' }));
      showCharts(section, all[ids.length].charts);
    }).catch(function (e) { failed(section, e); });
  };

  function modelSelect(id, then) {
    return api('GET', '/api/models').then(function (r) {
      var s = select(id, r.models.map(function (m) { return [m.model, m.model]; }), r.models.length ? r.models[0].model : null);
      then(s, r.models);
    });
  }

  function pointFields(prefix) {
    var mode = select(prefix + '-mode', [['concurrency', 'concurrency'], ['rate', 'rate (req/s)']], 'concurrency');
    return [field('Input tokens', numberInput(prefix + '-in', 1024)), field('Output tokens', numberInput(prefix + '-out', 256)),
      field('Traffic', mode), field('Level', numberInput(prefix + '-level', 8, 0.001))];
  }

  function point(prefix) {
    var p = { inputTokens: num(prefix + '-in'), outputTokens: num(prefix + '-out') };
    p[val(prefix + '-mode')] = num(prefix + '-level');
    return p;
  }

  views.modeling = function (section) {
    if (needKey(section)) { return; }
    var out = h('div', { id: 'predict-result' });
    var curveOut = h('div', { id: 'curve-result' });
    modelSelect('m-model', function (models) {
      var form = h('form', { id: 'predict-form', class: 'form' }, field('Model', models), pointFields('m'),
        field('Interval level', numberInput('m-conf', 0.9, 0.01, 0.01)), h('button', { type: 'submit', text: 'Predict' }));
      var dim = select('c-vary', [['outputTokens', 'output tokens'], ['inputTokens', 'input tokens'], ['level', 'traffic level']], 'outputTokens');
      var measure = select('c-measure', [['e2e', 'E2E latency'], ['ttft', 'TTFT'], ['tpot', 'TPOT'], ['user_tps', 'user tokens/s'],
        ['output_throughput', 'output tokens/s'], ['request_throughput', 'requests/s']], 'e2e');
      var curveForm = h('form', { id: 'curve-form', class: 'form' }, field('Vary', dim), field('Measure', measure),
        h('button', { type: 'submit', text: 'Draw the curve' }));
      section.appendChild(form);
      section.appendChild(out);
      section.appendChild(h('h2', { text: 'Prediction curve' }));
      section.appendChild(h('p', { class: 'muted', text: 'The chosen measure over one dimension, the others at the values above; '
        + 'the band is the interval, dots are measured runs near the curve.' }));
      section.appendChild(curveForm);
      section.appendChild(curveOut);
      form.addEventListener('submit', function (e) { e.preventDefault(); predict(out); });
      curveForm.addEventListener('submit', function (e) { e.preventDefault(); curve(curveOut); });
      ready();
    }).catch(function (e) { failed(section, e); });
  };

  function clear(el) { while (el.firstChild) { el.removeChild(el.firstChild); } }

  function predict(out) {
    clear(out);
    var body = point('m');
    body.model = val('m-model');
    body.level = num('m-conf');
    document.body.setAttribute('data-state', 'loading');
    api('POST', '/api/predict', body).then(function (p) {
      out.appendChild(h('p', { class: 'summary' }, 'Confidence ', confidence(p.confidence), ' · ' + p.predictor + ' fitted on ' + p.runs
        + ' runs · ' + Math.round(p.level * 100) + '% intervals · nearest measured: ' + (p.nearestRun || '–')));
      if (p.reason) { out.appendChild(h('p', { class: 'muted reason', text: p.reason })); }
      var hd = ['Measure', '#Predicted', '#Interval', 'Unit', 'Confidence'];
      out.appendChild(table(hd, Object.keys(p.values).map(function (k) {
        var v = p.values[k];
        return row([k, fmt(v.value), '[' + fmt(v.lower) + ', ' + fmt(v.upper) + ']', v.unit, v.confidence ? confidence(v.confidence) : ''], hd);
      }), 'prediction'));
      ready();
    }).catch(function (e) { failed(out, e); });
  }

  function curve(out) {
    clear(out);
    clearCharts();
    var body = point('m');
    body.model = val('m-model');
    body.level = num('m-conf');
    var vary = val('c-vary');
    body.vary = vary === 'level' ? val('m-mode') : vary;
    body.measure = val('c-measure');
    document.body.setAttribute('data-state', 'loading');
    api('POST', '/api/predict/curve', body).then(function (c) {
      var counts = {};
      c.points.forEach(function (p) { counts[p.confidence] = (counts[p.confidence] || 0) + 1; });
      out.appendChild(h('p', { class: 'summary' }, c.measure + ' (' + c.unit + ') against ' + c.vary + ', ' + c.points.length
        + ' points, ' + c.measured.length + ' measured runs overlaid · confidence along the curve: ',
        Object.keys(counts).map(function (k) { return [confidence(k), ' ' + counts[k] + ' '] })));
      showCharts(out, c.charts);
    }).catch(function (e) { failed(out, e); });
  }

  views.estimate = function (section) {
    if (needKey(section)) { return; }
    var out = h('div', { id: 'estimate-result' });
    modelSelect('e-model', function (models) {
      var form = h('form', { id: 'estimate-form', class: 'form' }, field('Model', models), field('Requests', numberInput('e-n', 10000)),
        field('Input tokens', numberInput('e-in', 1024)), field('Output tokens', numberInput('e-out', 256)),
        field('Concurrency', numberInput('e-conc', 8)), field('Price per GPU-hour (optional)', h('input', { id: 'e-price', type: 'number', min: 0, step: 'any' })),
        field('GPUs', numberInput('e-gpus', 1)), h('button', { type: 'submit', text: 'Estimate' }));
      section.appendChild(form);
      section.appendChild(out);
      form.addEventListener('submit', function (e) {
        e.preventDefault();
        clear(out);
        var body = { model: val('e-model'), requests: num('e-n'), inputTokens: num('e-in'), outputTokens: num('e-out'), concurrency: num('e-conc') };
        if (val('e-price')) { body.pricePerGpuHour = num('e-price'); body.gpuCount = num('e-gpus'); }
        api('POST', '/api/estimate', body).then(function (r) {
          var hd = ['Model', 'Time', '#Hours', '#Req/s', '#Latency (ms)', '#Out tok/s', 'Confidence', '#Cost', 'Basis'];
          out.appendChild(table(hd, [row([r.model, duration(r.seconds), fmt(r.hours), fmt(r.requestsPerSecond), fmt(r.latencyMs),
            fmt(r.outputTokensPerSecond), confidence(r.confidence), r.cost ? fmt(r.cost.perJob) : '–', r.basis], hd)], 'estimate'));
          ready();
        }).catch(function (e) { failed(out, e); });
      });
      ready();
    }).catch(function (e) { failed(section, e); });
  };

  views['compare-models'] = function (section) {
    if (needKey(section)) { return; }
    var out = h('div', { id: 'compare-result' });
    var form = h('form', { id: 'compare-form', class: 'form' }, field('Requests', numberInput('k-n', 10000)),
      field('Input tokens', numberInput('k-in', 1024)), field('Output tokens', numberInput('k-out', 256)),
      field('Concurrency', numberInput('k-conc', 8)), h('button', { type: 'submit', text: 'Compare' }));
    section.appendChild(form);
    section.appendChild(out);
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      clear(out);
      api('POST', '/api/compare', { requests: num('k-n'), inputTokens: num('k-in'), outputTokens: num('k-out'), concurrency: num('k-conc') })
        .then(function (r) {
          var hd = ['#Rank', 'Model', 'Time', '#Req/s', '#Speed-up vs slowest', 'Time saved', 'Confidence'];
          out.appendChild(table(hd, r.models.map(function (m) {
            return row([String(m.rank), m.model, duration(m.seconds), fmt(m.requestsPerSecond), fmt(m.speedUpVsSlowest) + '×',
              duration(m.secondsSavedVsSlowest), confidence(m.confidence)], hd);
          }), 'comparison'));
          skipped(out, r.skipped);
          ready();
        }).catch(function (e) { failed(out, e); });
    });
    ready();
  };

  function skipped(out, list) {
    if (list && list.length) {
      out.appendChild(h('ul', { class: 'warnings' }, list.map(function (s) { return h('li', { text: s.model + ': ' + s.reason }); })));
    }
  }

  views.rank = function (section) {
    if (needKey(section)) { return; }
    var out = h('div', { id: 'rank-result' });
    var at = h('input', { id: 'r-at', type: 'checkbox' });
    var form = h('form', { id: 'rank-form', class: 'form' }, field('Predict at a point (otherwise: mean of measured runs)', at),
      pointFields('r'), h('button', { type: 'submit', text: 'Rank' }));
    section.appendChild(form);
    section.appendChild(out);
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      clear(out);
      var q = '';
      if (at.checked) {
        var p = point('r');
        q = '?' + Object.keys(p).map(function (k) { return k + '=' + enc(p[k]); }).join('&');
      }
      api('GET', '/api/rankings' + q).then(function (r) {
        out.appendChild(h('p', { class: 'muted', text: 'Basis: ' + r.basis }));
        var grid = h('div', { class: 'grid' });
        Object.keys(r.rankings).forEach(function (m) {
          var hd = ['#Rank', 'Model', '#Value'];
          grid.appendChild(h('div', { class: 'card' }, h('h3', { text: m + ' (' + (r.rankings[m][0] ? r.rankings[m][0].unit : '') + ')' }),
            table(hd, r.rankings[m].map(function (x) { return row([String(x.rank), x.model, fmt(x.value)], hd); }), 'ranking')));
        });
        out.appendChild(grid);
        skipped(out, r.skipped);
        ready();
      }).catch(function (e) { failed(out, e); });
    });
    ready();
  };

  views.recommend = function (section) {
    if (needKey(section)) { return; }
    var out = h('div', { id: 'recommend-result' });
    var metric = select('s-metric', [['ttft', 'TTFT'], ['tpot', 'TPOT'], ['e2e', 'E2E'], ['itl', 'ITL']], 'ttft');
    var crit = select('s-crit', [['output_throughput', 'output tokens/s'], ['request_throughput', 'requests/s'], ['e2e', 'E2E latency'],
      ['ttft', 'TTFT']], 'output_throughput');
    var form = h('form', { id: 'recommend-form', class: 'form' }, pointFields('s'), field('SLO on', metric),
      field('at most (ms)', numberInput('s-threshold', 500, 0.001)), field('percentile', numberInput('s-pct', 95, 1, 'any')),
      field('then prefer', crit), h('button', { type: 'submit', text: 'Recommend' }));
    section.appendChild(form);
    section.appendChild(out);
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      clear(out);
      var body = point('s');
      body.slos = [{ metric: val('s-metric'), threshold: num('s-threshold'), percentile: num('s-pct') }];
      body.criteria = [{ measure: val('s-crit'), weight: 1 }];
      api('POST', '/api/recommend', body).then(function (r) {
        var hd = ['#Rank', 'Model', '#Score'];
        out.appendChild(h('h2', { text: r.recommended.length + ' recommended' }));
        out.appendChild(table(hd, r.recommended.map(function (x) { return row([String(x.rank), x.model, fmt(x.score)], hd); }), 'recommended'));
        if (r.rejected.length) {
          out.appendChild(h('h2', { text: r.rejected.length + ' rejected' }));
          out.appendChild(h('ul', { class: 'warnings' }, r.rejected.map(function (x) { return h('li', { text: x.message }); })));
        }
        skipped(out, r.skipped);
        ready();
      }).catch(function (e) { failed(out, e); });
    });
    ready();
  };

  // ---- routing ----

  var titles = { upload: 'Upload a benchmark CSV', models: 'Models and runs', run: 'Run', compare: 'Compare runs side by side',
    modeling: 'Modeling: predict a workload', estimate: 'Estimate a batch', 'compare-models': 'Compare models for a batch',
    rank: 'Rank models', recommend: 'Recommend a deployment' };

  function route() {
    var hash = location.hash.replace(/^#\/?/, '') || 'models';
    var q = hash.indexOf('?');
    var path = q < 0 ? hash : hash.slice(0, q);
    var params = {};
    if (q >= 0) {
      hash.slice(q + 1).split('&').forEach(function (kv) {
        var i = kv.indexOf('=');
        if (i > 0) { params[decodeURIComponent(kv.slice(0, i))] = decodeURIComponent(kv.slice(i + 1)); }
      });
    }
    var parts = path.split('/');
    var name = views[parts[0]] ? parts[0] : 'models';
    document.body.setAttribute('data-view', name);
    Array.prototype.forEach.call(document.querySelectorAll('#nav a[data-view]'), function (a) {
      a.classList.toggle('active', a.getAttribute('data-view') === name);
    });
    var section = page(titles[name]);
    document.title = titles[name] + ' · llmbench';
    try {
      views[name](section, params, parts.length > 1 ? decodeURIComponent(parts.slice(1).join('/')) : null);
    } catch (e) {
      failed(section, e);
    }
  }

  window.addEventListener('hashchange', route);
  route();
})();
