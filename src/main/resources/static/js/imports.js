// The imports page: uploads run in the background on the server (async=true); the page polls the batch for
// progress, so a clerk may leave and come back (a running batch in the history resumes its progress bar).
(function () {
  var T = window.IMPORT_TEXT || {};
  function csrf() {
    var m = document.querySelector('meta[name="csrf-token"]');
    if (m && m.content) return m.content;
    var f = document.querySelector('input[name="csrfToken"]');
    return f ? f.value : '';
  }
  function headers(extra) {
    var h = {'X-CSRF-TOKEN': csrf(), 'Accept': 'application/json'};
    for (var k in extra || {}) h[k] = extra[k];
    return h;
  }
  function $(id) { return document.getElementById(id); }
  function text(id, v) { var e = $(id); if (e) e.textContent = v == null ? '' : v; }
  function show(el, on) { if (el) el.hidden = !on; }
  function fail(message) {
    var e = $('upload-error');
    e.textContent = message || T.failed;
    show(e, true);
    show($('progress'), false);
  }
  function answer(r) {
    return r.text().then(function (body) {
      var json = {};
      try { json = body ? JSON.parse(body) : {}; } catch (e) { json = {message: body}; }
      if (!r.ok) { var err = new Error(json.message || (r.status + '')); err.body = json; err.status = r.status; throw err; }
      return json;
    });
  }

  function render(b) {
    show($('dry-run-result'), true);
    text('result-title', b.status === 'DRY_RUN' ? T.resultDry : T.resultCommitted + '（' + statusName(b.status) + '）');
    ['rowsTotal:rows-total', 'rowsValid:rows-valid', 'rowsRejected:rows-rejected', 'inserts:inserts', 'updates:updates',
      'unchanged:unchanged', 'unclassified:unclassified', 'duplicates:duplicates', 'skipped:skipped'].forEach(function (p) {
      var kv = p.split(':'); text(kv[1], b[kv[0]]);
    });
    var link = $('errors-download');
    link.href = '/api/v1/imports/' + b.batchId + '/errors.xlsx';
    show(link, b.rowsRejected > 0 || (b.errors && b.errors.length > 0));
    var commit = $('commit-batch');
    commit.dataset.batch = b.batchId;
    show(commit, b.status === 'DRY_RUN' && b.rowsValid > 0);
    var body = $('error-table').querySelector('tbody');
    body.innerHTML = '';
    (b.errors || []).forEach(function (e) {
      var tr = document.createElement('tr');
      // the code stays for scripts; the clerk reads the Chinese explanation, not CREDIT_CODE_CHECK
      tr.dataset.code = e.code || '';
      [e.sheet, e.row, e.column, e.message].forEach(function (v) {
        var td = document.createElement('td'); td.textContent = v == null ? '' : v; tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    var dups = b.duplicateFlags || [];
    var dt = $('duplicate-table');
    show(dt, dups.length > 0);
    var db = dt.querySelector('tbody');
    db.innerHTML = '';
    dups.forEach(function (d) {
      var tr = document.createElement('tr');
      [d.row, d.name + ' ' + d.creditCode, d.otherName + ' ' + d.otherCreditCode].forEach(function (v) {
        var td = document.createElement('td'); td.textContent = v == null ? '' : v; tr.appendChild(td);
      });
      db.appendChild(tr);
    });
    var notes = $('result-notes');
    notes.innerHTML = '';
    (b.notes || []).forEach(function (n) {
      var li = document.createElement('li'); li.textContent = n; notes.appendChild(li);
    });
    show(notes, (b.notes || []).length > 0);
    var changes = b.nameChanges || [];
    var nb = $('name-change-table').querySelector('tbody');
    nb.innerHTML = '';
    changes.forEach(function (c) {
      var tr = document.createElement('tr');
      var box = document.createElement('input');
      box.type = 'checkbox'; box.className = 'confirm-name'; box.value = c.creditCode; box.checked = c.confirmed;
      box.disabled = b.status !== 'DRY_RUN';
      var td = document.createElement('td'); td.appendChild(box); tr.appendChild(td);
      [c.row, c.creditCode, c.storedName, c.newName].forEach(function (v) {
        var cell = document.createElement('td'); cell.textContent = v == null ? '' : v; tr.appendChild(cell);
      });
      nb.appendChild(tr);
    });
    show($('name-changes'), changes.length > 0);
    if (b.message) fail(b.message); else show($('upload-error'), false);
  }

  function confirmedNames() {
    var codes = [];
    document.querySelectorAll('#name-change-table .confirm-name:checked').forEach(function (box) { codes.push(box.value); });
    return codes;
  }

  function progress(p) {
    show($('progress'), true);
    var bar = $('progress-bar');
    if (p && p.rowsEstimated > 0) {
      bar.max = p.rowsEstimated; bar.value = Math.min(p.rowsDone, p.rowsEstimated);
      text('progress-text', T.running + '：' + p.rowsDone + ' / ' + p.rowsEstimated);
    } else {
      bar.removeAttribute('value');
      text('progress-text', T.running + (p ? '：' + p.rowsDone : ''));
    }
  }

  function waiting(b) {
    show($('progress'), true);
    $('progress-bar').removeAttribute('value');
    text('progress-text', T.queued + (b.queuePosition ? '（第 ' + b.queuePosition + ' 位）' : ''));
  }

  // A batch runs on the server whatever happens to one poll: a dropped connection or a busy server (5xx, 503) is
  // asked again, for up to a minute, before the page gives up on following it; a refusal (4xx) is shown at once.
  var POLL_RETRIES = 30;

  function poll(id, failures) {
    failures = failures || 0;
    fetch('/api/v1/imports/' + id, {headers: headers(), credentials: 'same-origin'}).then(answer).then(function (b) {
      if (b.status === 'QUEUED') {
        waiting(b);
        refreshHistory(b);
        setTimeout(function () { poll(id); }, 1000);
      } else if (b.status === 'RUNNING') {
        progress(b.progress);
        setTimeout(function () { poll(id); }, 500);
      } else {
        show($('progress'), false);
        render(b);
        refreshHistory(b);
      }
    }).catch(function (e) {
      var transient = !e.status || e.status >= 500;
      if (transient && failures < POLL_RETRIES) {
        setTimeout(function () { poll(id, failures + 1); }, 2000);
      } else {
        fail(e.message);
      }
    });
  }

  function statusName(status) {
    return (T.status && T.status[status]) || status;
  }

  // The batch's row in the history, kept in step with the batch's answer: a new upload gets its row at the top,
  // a commit or rollback changes its status and buttons. No reload, so the result above stays where it is.
  function refreshHistory(b) {
    var history = $('batch-history');
    if (!history) return;
    var body = history.querySelector('tbody');
    var row = body.querySelector('tr[data-batch="' + b.batchId + '"]');
    if (!row) {
      row = document.createElement('tr');
      row.dataset.batch = b.batchId;
      for (var i = 0; i < 8; i++) row.appendChild(document.createElement('td'));
      row.children[2].className = 'status';
      var show = document.createElement('button');
      show.type = 'button'; show.className = 'show'; show.textContent = T.show;
      row.children[7].appendChild(show);
      body.insertBefore(row, body.firstChild);
    }
    row.dataset.status = b.status;
    var cells = row.children;
    var label = statusName(b.status) + (b.status === 'QUEUED' && b.queuePosition ? '（第 ' + b.queuePosition + ' 位）' : '');
    [b.batchId, b.fileName, label, b.rowsTotal, b.inserts, b.updates, b.rowsRejected].forEach(function (v, i) {
      cells[i].textContent = v == null ? '' : v;
    });
    var rollback = row.querySelector('.rollback');
    if (b.status === 'COMMITTED' && !rollback) {
      rollback = document.createElement('button');
      rollback.type = 'button'; rollback.className = 'rollback'; rollback.textContent = T.rollback;
      cells[7].appendChild(rollback);
    } else if (b.status !== 'COMMITTED' && rollback) {
      rollback.remove();
    }
    var rerun = row.querySelector('.rerun');
    var canRerun = (b.status === 'INTERRUPTED' || b.status === 'FAILED') && b.fileKept;
    if (canRerun && !rerun) {
      rerun = document.createElement('button');
      rerun.type = 'button'; rerun.className = 'rerun'; rerun.textContent = T.rerun;
      cells[7].appendChild(rerun);
    } else if (!canRerun && rerun) {
      rerun.remove();
    }
  }

  function clearResult() {
    ['rows-total', 'rows-valid', 'rows-rejected', 'inserts', 'updates', 'unchanged', 'unclassified', 'duplicates', 'skipped']
      .forEach(function (id) { text(id, ''); });
    show($('commit-message'), false);
    show($('commit-batch'), false);
    show($('errors-download'), false);
  }

  var form = $('upload-form');
  if (form) {
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      show($('upload-error'), false);
      show($('dry-run-result'), false);
      clearResult();
      var data = new FormData();
      data.append('file', form.file.files[0]);
      var q = 'dryRun=true&async=true';
      if (form.city && form.city.value) q += '&city=' + encodeURIComponent(form.city.value);
      if (form.allOrNothing && form.allOrNothing.checked) q += '&allOrNothing=true';
      progress(null);
      fetch('/api/v1/imports?' + q, {method: 'POST', body: data, headers: headers(), credentials: 'same-origin'})
        .then(answer).then(function (r) { poll(r.batchId); })
        .catch(function (e) { fail(e.message); });
    });
  }

  var commit = $('commit-batch');
  if (commit) {
    commit.addEventListener('click', function () {
      commit.disabled = true;
      progress(null);
      var confirmed = confirmedNames();
      var url = '/api/v1/imports/' + commit.dataset.batch + '/commit' +
        (confirmed.length ? '?confirmNameChanges=' + encodeURIComponent(confirmed.join(',')) : '');
      fetch(url, {method: 'POST', headers: headers(), credentials: 'same-origin'})
        .then(answer).then(function (b) {
          show($('progress'), false);
          render(b);
          var m = $('commit-message');
          // a batch refused as a whole (全部或全不) imported nothing: its own message says so, not 已导入 0 / 0
          m.textContent = b.status === 'COMMITTED' ? T.committed + '：' + b.inserts + ' / ' + b.updates
            : (b.message || statusName(b.status));
          show(m, true);
          refreshHistory(b);
        }).catch(function (e) { fail(e.message); }).finally(function () { commit.disabled = false; });
    });
  }

  var history = $('batch-history');
  if (history) {
    history.addEventListener('click', function (ev) {
      var row = ev.target.closest('tr[data-batch]');
      if (!row) return;
      var id = row.dataset.batch;
      if (ev.target.classList.contains('rollback')) {
        if (!confirm(T.confirmRollback)) return;
        fetch('/api/v1/imports/' + id + '/rollback', {method: 'POST', headers: headers(), credentials: 'same-origin'})
          .then(answer).then(function (b) {
            refreshHistory(b);
            var shown = $('commit-batch');
            if (shown && shown.dataset.batch === String(b.batchId)) render(b);
          }).catch(function (e) { fail(e.message); });
      } else if (ev.target.classList.contains('rerun')) {
        if (!confirm(T.confirmRerun)) return;
        show($('upload-error'), false);
        fetch('/api/v1/imports/' + id + '/rerun?async=true', {method: 'POST', headers: headers(), credentials: 'same-origin'})
          .then(answer).then(function (b) { refreshHistory(b); poll(b.batchId); })
          .catch(function (e) { fail(e.message); });
      } else if (ev.target.classList.contains('show')) {
        poll(id);
      }
    });
    var running = history.querySelector('tr[data-status="RUNNING"]') || history.querySelector('tr[data-status="QUEUED"]');
    if (running) poll(running.dataset.batch);
    else if (history.dataset.selected) poll(history.dataset.selected);
  }
})();
