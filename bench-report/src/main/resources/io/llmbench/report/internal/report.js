(function () {
  'use strict';
  var llmbench = window.__llmbench;

  function fmt(v) {
    if (v === null || v === undefined || isNaN(v)) { return '–'; }
    var a = Math.abs(v);
    if (a >= 1000) { return Math.round(v).toLocaleString('en-US'); }
    if (a >= 100) { return v.toFixed(1); }
    if (a >= 10) { return v.toFixed(2); }
    return v.toPrecision(3);
  }

  function isRound(v) {
    var m = v / Math.pow(10, Math.floor(Math.log10(v) + 1e-9));
    return [1, 2, 5].some(function (k) { return Math.abs(m - k) < 1e-6; });
  }

  function tick(v) {
    return Number(v).toLocaleString('en-US', { maximumFractionDigits: Math.abs(v) < 1 ? 4 : 2 });
  }

  function percentileOfNines(v) {
    var p = 100 * (1 - Math.pow(10, -v));
    if (p <= 0) { return '0%'; }
    var digits = Math.max(0, Math.ceil(v) - 2);
    return p.toFixed(digits) + '%';
  }

  function tint(hex, alpha) {
    var n = parseInt(hex.slice(1), 16);
    return 'rgba(' + ((n >> 16) & 255) + ',' + ((n >> 8) & 255) + ',' + (n & 255) + ',' + alpha + ')';
  }

  function axis(spec, position, valueAxis) {
    if (!spec) { return undefined; }
    var type = spec.type === 'nines' ? 'linear' : spec.type;
    var a = {
      type: type,
      position: position,
      title: { display: !!spec.title, text: spec.title || '' },
      ticks: { maxRotation: 45, autoSkip: true }
    };
    if (spec.type === 'nines') {
      a.min = 0;
      a.ticks.stepSize = 1;
      a.ticks.callback = function (v) { return Number.isInteger(v) ? percentileOfNines(v) : ''; };
    } else if (type === 'logarithmic') {
      a.ticks.callback = function (v, i, ticks) {
        var round = ticks.filter(function (t) { return isRound(t.value); }).length;
        if (round >= 3) { return isRound(v) ? tick(v) : ''; }
        return isRound(v) || i % Math.max(1, Math.ceil(ticks.length / 5)) === 0 ? tick(v) : '';
      };
    } else if (type === 'linear') {
      if (valueAxis) { a.beginAtZero = true; }
      a.ticks.callback = function (v) { return tick(v); };
    }
    return a;
  }

  function dataset(spec, d) {
    var color = d.color || '#0072B2';
    var isBar = (d.type || spec.kind) === 'bar';
    var out = {
      label: d.label,
      data: d.data,
      type: d.type || undefined,
      borderColor: color,
      backgroundColor: d.band ? tint(color, 0.18) : tint(color, isBar ? 0.8 : 0.55),
      borderWidth: d.band ? 0.5 : (isBar ? 0 : 2),
      fill: d.fill || false,
      hidden: !!d.hidden,
      yAxisID: d.axis === 'y2' ? 'y2' : (spec.horizontal ? undefined : 'y'),
      xAxisID: spec.horizontal ? 'x' : undefined,
      spanGaps: true,
      _legend: d.legend !== false
    };
    if (d.radius !== undefined && d.radius !== null) {
      out.pointRadius = d.radius;
      out.pointHoverRadius = Math.max(4, d.radius + 2);
    }
    if (d.dash) { out.borderDash = [6, 4]; }
    if (d.line !== undefined && d.line !== null) { out.showLine = d.line; }
    return out;
  }

  function make(spec) {
    var canvas = document.getElementById(spec.id);
    var xy = spec.kind !== 'bar' && !spec.labels;
    var scales = {};
    if (spec.horizontal) {
      scales.x = axis(spec.y, 'bottom', true);
      scales.y = axis(spec.x, 'left', false);
    } else {
      scales.x = axis(spec.x, 'bottom', false);
      scales.y = axis(spec.y, 'left', true);
      if (spec.y2) {
        scales.y2 = axis(spec.y2, 'right', true);
        scales.y2.grid = { drawOnChartArea: false };
      }
    }
    if (spec.stacked) {
      scales.x.stacked = true;
      scales.y.stacked = true;
    }
    var config = {
      type: spec.kind,
      data: { labels: spec.labels || undefined, datasets: spec.datasets.map(function (d) { return dataset(spec, d); }) },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: spec.horizontal ? 'y' : 'x',
        parsing: true,
        normalized: true,
        interaction: { mode: spec.kind === 'bar' ? 'index' : 'nearest', intersect: spec.kind === 'scatter' },
        scales: scales,
        plugins: {
          legend: {
            position: 'bottom',
            labels: { boxWidth: 12, filter: function (item, chartData) { return chartData.datasets[item.datasetIndex]._legend; } }
          },
          tooltip: {
            filter: function (item) { return item.dataset._legend; },
            callbacks: {
              label: function (ctx) {
                var raw = ctx.raw || {};
                var name = raw && raw.name ? raw.name + ': ' : '';
                if (!xy) {
                  var v = spec.horizontal ? ctx.parsed.x : ctx.parsed.y;
                  return ctx.dataset.label + ': ' + fmt(v);
                }
                var x = spec.x && spec.x.type === 'nines' ? percentileOfNines(ctx.parsed.x) : fmt(ctx.parsed.x);
                return ctx.dataset.label + ': ' + name + x + ' → ' + fmt(ctx.parsed.y);
              }
            }
          }
        }
      }
    };
    return new Chart(canvas, config);
  }

  function drawn(chart) {
    var c = chart.canvas;
    if (!c.width || !c.height) { return false; }
    var px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    for (var i = 3; i < px.length; i += 16) {
      if (px[i] !== 0) { return true; }
    }
    return false;
  }

  window.llmbenchCharts = { draw: make, drawn: drawn };
  var dataElement = document.getElementById('llmbench-data');
  if (!dataElement) { return; }
  var data = JSON.parse(dataElement.textContent);
  var charts = [];
  data.charts.forEach(function (spec) {
    try {
      charts.push(make(spec));
    } catch (e) {
      llmbench.error('chart ' + spec.id + ' failed: ' + (e && e.stack ? e.stack : e));
    }
  });

  function report() {
    var count = 0;
    charts.forEach(function (c) {
      try {
        if (drawn(c)) { count++; }
      } catch (e) {
        llmbench.error('chart check failed: ' + e);
      }
    });
    var body = document.body;
    body.setAttribute('data-charts-total', String(data.charts.length));
    body.setAttribute('data-charts-drawn', String(count));
    body.setAttribute('data-errors', String(llmbench.errors.length));
    var status = document.getElementById('llmbench-status');
    status.textContent = count + ' of ' + data.charts.length + ' charts drawn';
    var done = document.createElement('span');
    done.id = 'llmbench-ready';
    done.hidden = true;
    body.appendChild(done);
    llmbench.show();
  }
  requestAnimationFrame(function () { setTimeout(report, 0); });
})();
