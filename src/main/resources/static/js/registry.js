// The 未归类 list: a clerk assigns chain nodes to an enterprise the classifier could not place.
(function () {
  function csrf() {
    var m = document.querySelector('meta[name="csrf-token"]');
    return m && m.content ? m.content : '';
  }
  var table = document.getElementById('unclassified-table');
  if (!table) return;
  table.addEventListener('click', function (ev) {
    if (!ev.target.classList.contains('assign')) return;
    var row = ev.target.closest('tr[data-credit-code]');
    var input = row.querySelector('.node-input');
    var out = row.querySelector('.assign-result');
    var nodes = input.value.split(/[、，,;；\s]+/).filter(function (s) { return s; });
    fetch('/api/v1/enterprises/' + row.dataset.creditCode + '/nodes', {
      method: 'POST', credentials: 'same-origin',
      headers: {'Content-Type': 'application/json', 'Accept': 'application/json', 'X-CSRF-TOKEN': csrf()},
      body: JSON.stringify({nodes: nodes})
    }).then(function (r) {
      return r.json().then(function (j) { if (!r.ok) throw new Error(j.message || r.status); return j; });
    }).then(function (e) {
      out.className = 'assign-result flash-success';
      out.textContent = e.nodes.map(function (n) { return n.nodeName; }).join('、');
    }).catch(function (e) {
      out.className = 'assign-result flash-error';
      out.textContent = e.message;
    });
  });
})();
