(function () {
  'use strict';
  var errors = [];
  function show() {
    var el = document.getElementById('llmbench-errors');
    if (el && errors.length) {
      el.hidden = false;
      el.textContent = errors.join('\n');
    }
  }
  function add(message) {
    errors.push(String(message));
    show();
  }
  window.__llmbench = { errors: errors, error: add, show: show };
  window.addEventListener('error', function (e) {
    var where = e.filename ? ' at ' + e.filename + ':' + e.lineno : '';
    var what = e.message || (e.target && e.target.tagName ? 'failed to load ' + e.target.tagName : e.type);
    add('error: ' + what + where);
  }, true);
  window.addEventListener('unhandledrejection', function (e) { add('unhandled rejection: ' + e.reason); });
  document.addEventListener('securitypolicyviolation', function (e) {
    add('content security policy blocked ' + e.violatedDirective + ' ' + e.blockedURI);
  });
  ['error', 'warn'].forEach(function (level) {
    var original = console[level];
    console[level] = function () {
      add('console.' + level + ': ' + Array.prototype.map.call(arguments, String).join(' '));
      return original.apply(console, arguments);
    };
  });
  document.addEventListener('DOMContentLoaded', show);
})();
