// The allocation page proposes; a bureau turns one proposal into a shortlisted matchmaking record
// (POST /api/v1/matchmaking {demandId, supplierCreditCode}). Words come from the page (i18n/allocation.properties).
(function () {
  'use strict';
  function ready(fn) { if (document.readyState !== 'loading') { fn(); } else { document.addEventListener('DOMContentLoaded', fn); } }
  ready(function () {
    var box = document.getElementById('allocation-actions');
    var flash = document.getElementById('allocation-flash');
    if (!box || !flash) { return; }
    var token = (document.querySelector('meta[name="csrf-token"]') || {}).content || '';
    function show(kind, text) {
      flash.hidden = false;
      flash.className = 'flash flash-' + kind;
      flash.textContent = text;
    }
    document.querySelectorAll('button.propose').forEach(function (button) {
      button.addEventListener('click', function () {
        button.disabled = true;
        show('info', box.dataset.busy);
        fetch('/api/v1/matchmaking', {
          method: 'POST', credentials: 'same-origin',
          headers: {'Content-Type': 'application/json', 'Accept': 'application/json', 'X-CSRF-TOKEN': token},
          body: JSON.stringify({demandId: Number(button.dataset.demand), supplierCreditCode: button.dataset.supplier})
        }).then(function (r) {
          return r.text().then(function (t) {
            var body = null;
            try { body = t ? JSON.parse(t) : null; } catch (e) { body = null; }
            if (r.ok) {
              show('success', box.dataset.ok.replace('{id}', body && body.id != null ? body.id : ''));
            } else if ((r.status === 404 || r.status === 405)
                && !(body && body.message && body.message.indexOf('找不到地址') !== 0)) {
              // the matchmaking endpoint is not there (this build lacks it): say so, not a bare 404
              show('warn', box.dataset.missing);
              button.disabled = false;
            } else {
              show('error', box.dataset.failed + (body && body.message ? body.message : 'HTTP ' + r.status));
              button.disabled = false;
            }
          });
        }).catch(function () {
          show('error', box.dataset.failed + '网络错误');
          button.disabled = false;
        });
      });
    });
  });
})();
