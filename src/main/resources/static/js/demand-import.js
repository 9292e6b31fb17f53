// 我的需求 → 表格批量登记: uploads the workbook as a dry run, shows the report row by row, commits or rolls back
// the batch, and reloads the list after a commit so the new demands show. Texts come from the section's data-*
// attributes (resource bundles); the CSRF header is added by app.js's fetch wrapper.
// (the counts pattern uses $0…$4: the message source would fill {0}-style placeholders itself)
(function () {
  var box = document.getElementById('demand-upload');
  if (!box) { return; }
  var form = document.getElementById('demand-upload-form');
  var error = document.getElementById('demand-upload-error');
  var result = document.getElementById('demand-upload-result');
  var title = document.getElementById('demand-upload-title');
  var counts = document.getElementById('demand-upload-counts');
  var notes = document.getElementById('demand-upload-notes');
  var commit = document.getElementById('demand-upload-commit');
  var rollback = document.getElementById('demand-upload-rollback');
  var errorsLink = document.getElementById('demand-upload-errors');
  var table = document.getElementById('demand-upload-error-table');
  var text = box.dataset;
  var batch = null;

  function fmt(pattern, values) {
    return pattern.replace(/\$(\d)/g, function (m, i) { return values[i]; });
  }

  function fail(message) {
    error.textContent = message;
    error.hidden = false;
  }

  function answer(response) {
    return response.json().catch(function () { return {}; }).then(function (body) {
      if (!response.ok) { throw new Error(body.message || response.statusText); }
      return body;
    });
  }

  function show(r) {
    batch = r.batchId;
    error.hidden = true;
    result.hidden = false;
    result.dataset.status = r.status;
    title.textContent = r.status === 'COMMITTED' ? text.committed : r.status === 'ROLLED_BACK' ? text.rolledBack
      : text.result + '（' + r.statusLabel + '）';
    counts.textContent = fmt(text.counts, [r.rowsTotal, r.inserts, r.updates, r.unchanged, r.rowsRejected]);
    notes.innerHTML = '';
    (r.notes || []).forEach(function (n) {
      var li = document.createElement('li');
      li.textContent = n;
      notes.appendChild(li);
    });
    if (r.message) {
      var li = document.createElement('li');
      li.textContent = r.message;
      notes.appendChild(li);
    }
    var body = table.querySelector('tbody');
    body.innerHTML = '';
    (r.errors || []).forEach(function (e) {
      var tr = document.createElement('tr');
      [e.sheet, e.row, e.column, e.message].forEach(function (v, i) {
        var td = document.createElement('td');
        td.textContent = v == null ? '' : v;
        td.setAttribute('data-label', table.querySelectorAll('th')[i].textContent);
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    table.hidden = !(r.errors && r.errors.length);
    errorsLink.hidden = !(r.errorCount > 0);
    errorsLink.href = '/api/v1/demands/imports/' + r.batchId + '/errors.xlsx';
    commit.hidden = !(r.status === 'DRY_RUN' && r.rowsRejected === 0 && (r.inserts + r.updates) > 0);
    rollback.hidden = r.status !== 'COMMITTED';
    if (r.status === 'DRY_RUN' && r.rowsRejected > 0) {
      var p = document.createElement('li');
      p.textContent = text.fixFirst;
      notes.appendChild(p);
    }
  }

  // 最近的上传批次: the chosen leader's demand batches (a LEADER's own), so a batch left 中断 or 失败 by a restart can be
  // run again from its kept file, and any batch's report opened again
  var batches = document.getElementById('demand-batches');
  var leaderSelect = document.getElementById('upload-leader');
  var canRerun = {INTERRUPTED: true, FAILED: true};

  function leaderParam() {
    var v = leaderSelect ? leaderSelect.value : '';
    return v ? '?leader=' + encodeURIComponent(v) : '';
  }

  function cell(tr, v, label) {
    var td = document.createElement('td');
    td.textContent = v == null ? '' : v;
    td.setAttribute('data-label', label);
    tr.appendChild(td);
    return td;
  }

  function loadHistory() {
    if (!batches || (leaderSelect && !leaderSelect.value)) {
      if (batches) { batches.hidden = true; }
      return;
    }
    fetch('/api/v1/demands/imports' + leaderParam(), {headers: {'Accept': 'application/json'}})
      .then(answer).then(function (list) {
        var tbody = batches.querySelector('tbody');
        var heads = batches.querySelectorAll('th');
        tbody.innerHTML = '';
        (list || []).forEach(function (b) {
          var tr = document.createElement('tr');
          tr.dataset.batch = b.batchId;
          tr.dataset.status = b.status;
          [b.batchId, b.fileName, b.statusLabel, b.rowsTotal, b.inserts + ' / ' + b.updates, b.rowsRejected]
            .forEach(function (v, i) { cell(tr, v, heads[i].textContent); });
          var actions = cell(tr, null, heads[6].textContent);
          var buttons = document.getElementById('demand-batch-buttons').content.cloneNode(true);
          if (!(canRerun[b.status] && b.fileKept)) { buttons.querySelector('.rerun').remove(); }
          actions.appendChild(buttons);
          tbody.appendChild(tr);
        });
        batches.hidden = !(list && list.length);
      }).catch(function () { batches.hidden = true; });
  }

  if (batches) {
    batches.addEventListener('click', function (ev) {
      var tr = ev.target.closest('tr[data-batch]');
      if (!tr) { return; }
      var id = tr.dataset.batch;
      if (ev.target.classList.contains('show')) {
        fetch('/api/v1/demands/imports/' + id, {headers: {'Accept': 'application/json'}})
          .then(answer).then(show).catch(function (e) { fail(e.message); });
      } else if (ev.target.classList.contains('rerun')) {
        if (!window.confirm(batches.dataset.confirmRerun)) { return; }
        ev.target.disabled = true;
        title.textContent = text.running;
        fetch('/api/v1/demands/imports/' + id + '/rerun', {method: 'POST', headers: {'Accept': 'application/json'}})
          .then(answer).then(function (r) { show(r); loadHistory(); })
          .catch(function (e) { fail(e.message); ev.target.disabled = false; });
      }
    });
    if (leaderSelect) { leaderSelect.addEventListener('change', loadHistory); }
    loadHistory();
  }

  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var data = new FormData(form);
    var leader = data.get('leader');
    data.delete('leader');
    var url = '/api/v1/demands/imports' + (leader ? '?leader=' + encodeURIComponent(leader) : '');
    title.textContent = text.running;
    fetch(url, {method: 'POST', body: data, headers: {'Accept': 'application/json'}})
      .then(answer).then(function (r) { show(r); loadHistory(); })
      .catch(function (e) { result.hidden = true; fail(e.message); loadHistory(); });
  });

  commit.addEventListener('click', function () {
    commit.disabled = true;
    fetch('/api/v1/demands/imports/' + batch + '/commit', {method: 'POST', headers: {'Accept': 'application/json'}})
      .then(answer).then(function (r) {
        show(r);
        if (r.status === 'COMMITTED') {
          // the list's notice is worded and signed by the server from the batch (a notice in a link is not shown)
          window.location.href = '/demands/imports/' + r.batchId + '/done';
        }
      }).catch(function (e) { fail(e.message); })
      .finally(function () { commit.disabled = false; });
  });

  rollback.addEventListener('click', function () {
    if (!window.confirm(text.confirmRollback)) { return; }
    fetch('/api/v1/demands/imports/' + batch + '/rollback', {method: 'POST', headers: {'Accept': 'application/json'}})
      .then(answer).then(function (r) { show(r); loadHistory(); }).catch(function (e) { fail(e.message); });
  });

  var params = new URLSearchParams(window.location.search);
  if (params.get('batch')) {
    fetch('/api/v1/demands/imports/' + encodeURIComponent(params.get('batch')), {headers: {'Accept': 'application/json'}})
      .then(answer).then(show).catch(function () { /* an old or foreign batch: nothing to show */ });
  }
})();
