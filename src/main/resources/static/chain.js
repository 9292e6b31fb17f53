/* Chain page: graph (ECharts), region switch, sortable/filterable gap table, node panel. Data from /api/v1. */
(function () {
  'use strict';
  var main = document.querySelector('main.chain-page');
  if (!main) { return; }
  var chain = main.dataset.chain;
  var T = {};
  document.querySelectorAll('#chain-text dd').forEach(function (d) { T[d.dataset.key] = d.textContent; });
  var COLORS = { CHOKEPOINT: '#b71c1c', BLANK: '#6a1b9a', IMPORT_DEPENDENT: '#ef6c00', WEAK: '#f9a825', COVERED: '#2e7d32' };
  var ORDER = ['CHOKEPOINT', 'BLANK', 'IMPORT_DEPENDENT', 'WEAK', 'COVERED'];
  var select = document.getElementById('region-select');
  var filter = document.getElementById('gap-filter');
  var tbody = document.querySelector('#gap-table tbody');
  var panel = document.getElementById('node-panel');
  var chart = echarts.init(document.getElementById('chain-graph'));
  window.addEventListener('resize', function () { chart.resize(); });
  var graph = null, gaps = [], byCode = {}, labels = {}, sortKey = 'rank', sortDir = 1, selected = null;

  function api(url) {
    return fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' }).then(function (r) {
      if (!r.ok) { return r.text().then(function (t) { throw new Error(r.status + ' ' + t); }); }
      return r.json();
    });
  }
  function esc(s) {
    return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  // a missing rate is 无数据, never 0 %: only a measured 0 % prints as 0.0%
  function pct(v) { return v == null ? T.noData : (v * 100).toFixed(1) + '%'; }
  // a node's rate where its demand is withheld from this reader (too few leaders) is 不公开, not 无数据 (docs/gaps.md)
  function rate(g, v) { return v == null && g.demand && g.demand.withheld ? esc(T.withheld) : pct(v); }
  function sig4(v) { return v === 0 ? '0' : Number(v.toPrecision(4)).toString(); }
  function num(v) { return v == null ? '—' : (Math.round(v * 100) / 100).toLocaleString('zh-CN'); }
  function region() { return select.value; }
  // the report links follow the region chosen on the page
  function reportLinks() {
    document.querySelectorAll('.report-link').forEach(function (a) {
      var f = a.dataset.format;
      var base = f === 'print' ? '/reports/gaps' : '/api/v1/reports/gaps.' + f;
      a.href = base + '?chain=' + encodeURIComponent(chain) + '&region=' + encodeURIComponent(region());
    });
  }

  /* layered layout: final equipment on top, each node one row below its deepest assembly */
  function layout(g) {
    var depth = {}, kids = {};
    g.edges.forEach(function (e) { (kids[e.from] = kids[e.from] || []).push(e.to); });
    g.nodes.forEach(function (n) { if (n.finalEquipment) { depth[n.code] = 0; } });
    g.nodes.forEach(function (n) { /* nodes arrive in topological order */
      (kids[n.code] || []).forEach(function (k) { depth[k] = Math.max(depth[k] || 0, (depth[n.code] || 0) + 1); });
    });
    var rows = {};
    g.nodes.forEach(function (n) { var d = depth[n.code] || 0; (rows[d] = rows[d] || []).push(n.code); });
    /* wide levels wrap into several lines so that a chain of ~100 nodes still fits the box legibly */
    var pos = {}, y = 0, PER_LINE = 9;
    Object.keys(rows).sort(function (a, b) { return a - b; }).forEach(function (d) {
      var codes = rows[d];
      // the final equipment stays on one line: their names wrap above them, and a second line of them would
      // put its names onto the first line's
      var perLine = d === '0' ? codes.length : PER_LINE;
      for (var start = 0; start < codes.length; start += perLine) {
        var line = codes.slice(start, start + perLine);
        line.forEach(function (c, i) { pos[c] = { x: (i - (line.length - 1) / 2) * 120 + (start / perLine % 2) * 40, y: y }; });
        y += 70;
      }
      y += 50;
    });
    return pos;
  }

  /* beside the pointer (right and below, else left or above), within the visible part of the graph's box */
  function tooltipPosition(point, params, dom, rect, size) {
    var box = document.getElementById('chain-graph').getBoundingClientRect();
    var w = size.contentSize[0], h = size.contentSize[1], gap = 12, edge = 4;
    var minX = Math.max(0, -box.left) + edge, maxX = Math.min(box.width, window.innerWidth - box.left) - edge;
    var minY = Math.max(0, -box.top) + edge, maxY = Math.min(box.height, window.innerHeight - box.top) - edge;
    var x = point[0] + gap + w <= maxX ? point[0] + gap : point[0] - gap - w;
    var y = point[1] + gap + h <= maxY ? point[1] + gap : point[1] - gap - h;
    x = Math.max(minX, Math.min(x, maxX - w));
    y = Math.max(minY, Math.min(y, maxY - h));
    return [x, y];
  }

  var narrowGraph = false;
  function drawGraph() {
    narrowGraph = document.getElementById('chain-graph').clientWidth < 600;
    var pos = layout(graph);
    var cats = ORDER.map(function (k) { return { name: labels[k] || k, itemStyle: { color: COLORS[k] } }; });
    chart.setOption({
      // the tooltip stays inside the graph's box (confine) and inside the part of it on the screen (position): the
      // box can be taller than what shows of it, and a node near the screen's bottom would put its tooltip below
      tooltip: { confine: true, position: tooltipPosition,
        extraCssText: 'max-width: min(22rem, 80vw); white-space: normal;', formatter: function (p) {
        if (p.dataType !== 'node') { return ''; }
        var g = byCode[p.data.id];
        return esc(p.data.name) + (g ? '<br>' + esc(g.status) + '<br>' + g.reasons.map(esc).join('<br>') : '');
      } },
      // on a phone the legend sits below the graph, so the top row's labels have room
      legend: [narrowGraph ? { data: cats.map(function (c) { return c.name; }), bottom: 0, itemWidth: 14, itemGap: 6 }
                           : { data: cats.map(function (c) { return c.name; }), top: 0 }],
      series: [{
        // all four sides are set: the layout is stretched to the box (left and right too), so a wide level can
        // never be drawn past the box's right edge, as it was when only the height was fixed and the width followed
        // on a phone the final equipment's names wrap into up to five short lines above the top row: room for them
        type: 'graph', layout: 'none', roam: true, draggable: true, top: narrowGraph ? 96 : 64, bottom: narrowGraph ? 50 : 20,
        left: narrowGraph ? 24 : 48, right: narrowGraph ? 24 : 48,
        categories: cats, edgeSymbol: ['none', 'arrow'], edgeSymbolSize: 6,
        label: { show: true, position: 'bottom', fontSize: 11, width: 110, overflow: 'truncate' },
        // a label that would overlap another is hidden, except the final equipment's names on a wide screen: a
        // reader starts from them (their width is fitted to their spacing below, so they do not overlap)
        labelLayout: function (p) {
          var n = graph.nodes[p.dataIndex];
          return { hideOverlap: narrowGraph || !(n && n.finalEquipment) };
        },
        lineStyle: { color: '#999', opacity: 0.7, curveness: 0.05 },
        emphasis: { focus: 'adjacency' },
        data: nodeData(pos, FINAL_LABEL_WIDTH),
        links: graph.edges.map(function (e) { return { source: e.from, target: e.to }; })
      }]
    }, true);
    // the graph is scaled to its box: the final equipment's names wrap within the on-screen distance between two
    // neighbours (120 layout units apart), so that at any width they never run into each other
    var a = chart.convertToPixel({ seriesIndex: 0 }, [0, 0]), b = chart.convertToPixel({ seriesIndex: 0 }, [120, 0]);
    var fit = a && b ? Math.max(24, Math.floor(b[0] - a[0]) - 8) : FINAL_LABEL_WIDTH;
    if (Math.abs(fit - FINAL_LABEL_WIDTH) > 2) {
      chart.setOption({ series: [{ data: nodeData(pos, fit) }] });
    }
  }

  var FINAL_LABEL_WIDTH = 104;
  function nodeData(pos, finalLabelWidth) {
    return graph.nodes.map(function (n) {
      var g = byCode[n.code];
      var item = { id: n.code, name: n.name, x: pos[n.code].x, y: pos[n.code].y,
        symbolSize: n.finalEquipment ? 34 : 22, symbol: n.finalEquipment ? 'roundRect' : 'circle',
        category: g ? ORDER.indexOf(g.statusKey) : 4 };
      // final equipment sits on the top row: its name wraps inside the room to the next one instead of running
      // into it
      if (n.finalEquipment) {
        item.label = { position: 'top', width: finalLabelWidth, overflow: 'break', lineHeight: 13, fontWeight: 'bold' };
      }
      return item;
    });
  }

  function value(g, key) {
    if (key === 'rank') { return ORDER.indexOf(g.statusKey); }
    if (key in g.criticality) { return g.criticality[key]; }
    return g[key];
  }
  var headers = Array.prototype.map.call(document.querySelectorAll('#gap-table thead th'), function (th) { return th.textContent.trim(); });
  var panelHome = panel.parentNode, panelNext = panel.nextSibling;
  var narrow = window.matchMedia('(max-width: 900px)');
  // on a narrow screen the node panel opens right under the row that was tapped, not a screen or two above it
  function placePanel(code, fromTable) {
    var old = tbody.querySelector('tr.panel-row');
    var tr = fromTable && narrow.matches ? tbody.querySelector('tr[data-node="' + code + '"]') : null;
    if (!tr) {
      if (panel.parentNode !== panelHome) { panelHome.insertBefore(panel, panelNext); }
      if (old) { old.remove(); }
      return;
    }
    var row = old || document.createElement('tr');
    row.className = 'panel-row';
    if (!old) { row.innerHTML = '<td colspan="' + headers.length + '"></td>'; }
    tr.parentNode.insertBefore(row, tr.nextSibling);
    row.firstChild.appendChild(panel);
  }
  function drawTable() {
    // the panel may sit in the table (phone): bring it home before the rows are replaced
    if (panel.parentNode !== panelHome) { panelHome.insertBefore(panel, panelNext); }
    var q = filter.value.trim().toLowerCase();
    // the filter finds nodes by name, alias and status; a reason's words would match nodes they only mention
    var rows = gaps.filter(function (g) {
      var n = graph.nodes.find(function (x) { return x.code === g.nodeCode; }) || {};
      return !q || [g.nodeName, g.nodeCode, g.status, g.level].concat(n.aliases || []).join(' ').toLowerCase().indexOf(q) >= 0;
    });
    rows.sort(function (a, b) {
      var x = value(a, sortKey), y = value(b, sortKey);
      if (x == null) { return 1; } if (y == null) { return -1; }
      return (typeof x === 'string' ? x.localeCompare(y, 'zh-CN') : x - y) * sortDir;
    });
    tbody.innerHTML = rows.map(function (g) {
      return '<tr data-node="' + esc(g.nodeCode) + '" data-status="' + g.statusKey + '"' + (g.nodeCode === selected ? ' class="selected"' : '') + '>' +
        td(0, '', esc(g.nodeName)) + td(1, '', esc(g.level)) +
        td(2, '', '<span class="gap-badge" style="background:' + COLORS[g.statusKey] + '">' + esc(g.status) + '</span>') +
        td(3, 'num', g.localSuppliers) + td(4, 'num', g.demandLeaders) +
        td(5, 'num', rate(g, g.localisationRate)) + td(6, 'num', rate(g, g.importShare)) +
        td(7, 'num', g.criticality.finalEquipment) + td(8, 'num', g.criticality.leaders) +
        td(9, 'num', sig4(g.criticality.betweenness)) +
        td(10, 'reasons', g.reasons.map(esc).join('；')) + '</tr>';
    }).join('');
  }

  function td(i, cls, html) {
    return '<td' + (cls ? ' class="' + cls + '"' : '') + ' data-label="' + esc(headers[i] || '') + '">' + html + '</td>';
  }

  function summary() {
    var counts = {};
    gaps.forEach(function (g) { counts[g.statusKey] = (counts[g.statusKey] || 0) + 1; });
    document.getElementById('gap-summary').innerHTML = ORDER.map(function (k) {
      return '<span class="gap-badge" style="background:' + COLORS[k] + '">' + esc(labels[k] || k) + ' ' + (counts[k] || 0) + '</span>';
    }).join(' ');
  }

  function loadGaps() {
    return api('/api/v1/chains/' + encodeURIComponent(chain) + '/analysis?region=' + encodeURIComponent(region())).then(function (a) {
      var list = a.gaps;
      gaps = list; byCode = {};
      list.forEach(function (g) { byCode[g.nodeCode] = g; labels[g.statusKey] = g.status; });
      var fallback = { CHOKEPOINT: '卡脖子', BLANK: '空白', IMPORT_DEPENDENT: '依赖进口', WEAK: '薄弱', COVERED: '已覆盖' };
      ORDER.forEach(function (k) { labels[k] = labels[k] || fallback[k]; });
      drawGraph(); drawTable(); summary();
      // figures served while the newest ones are recomputed say so, with the moment they were superseded
      var upd = document.getElementById('figures-updating');
      if (upd) {
        upd.hidden = !a.updatingSince;
        upd.textContent = a.updatingSince ? T.updating + new Date(a.updatingSince).toLocaleTimeString('zh-CN', { hour12: false }) : '';
      }
      if (selected) { showNode(selected); }
      // each cell carries its column's name: on a phone the header row is hidden and the cells stack
      var ah = Array.prototype.map.call(document.querySelectorAll('#autonomy-table thead th'), function (th) { return esc(th.textContent.trim()); });
      document.querySelector('#autonomy-table tbody').innerHTML = a.autonomy.map(function (r) {
        return '<tr data-root="' + esc(r.rootCode) + '"><td data-label="' + ah[0] + '">' + esc(r.rootName) +
          '</td><td class="num" data-label="' + ah[1] + '">' + pct(r.domesticRate) +
          '</td><td class="num" data-label="' + ah[2] + '">' + pct(r.localisationRate) +
          '</td><td class="reasons" data-label="' + ah[3] + '">' + r.reasons.map(esc).join('；') + '</td></tr>';
      }).join('');
    });
  }

  function whatIf(code) {
    var out = document.getElementById('whatif-result');
    api('/api/v1/whatif?remove=' + encodeURIComponent(code)).then(function (r) {
      out.innerHTML = '<p><b>' + esc(T.whatifEquipment) + '（' + r.finalEquipment.length + '）</b>：' +
        (r.finalEquipment.map(function (e) { return esc(e.name) + '〔' + e.chains.map(esc).join('、') + '〕'; }).join('，') || esc(T.none)) + '</p>' +
        '<p><b>' + esc(T.whatifLeaders) + '（' + r.leaders.length + '）</b>：' +
        (r.leaders.map(function (l) { return esc(l.name) + '（' + esc(l.city || '') + '）'; }).join('，') || esc(T.none)) + '</p>';
    }).catch(function (e) { out.innerHTML = '<p class="flash-error">' + esc(T.error) + esc(e.message) + '</p>'; });
  }

  function showNode(code, fromTable) {
    selected = code;
    placePanel(code, fromTable);
    tbody.querySelectorAll('tr').forEach(function (tr) { tr.classList.toggle('selected', tr.dataset.node === code); });
    panel.innerHTML = '<p class="hint">' + esc(T.loading) + '</p>';
    api('/api/v1/chains/' + encodeURIComponent(chain) + '/nodes/' + encodeURIComponent(code) + '?region=' + encodeURIComponent(region()))
      .then(function (d) {
        var g = d.gap, n = graph.nodes.find(function (x) { return x.code === code; }) || {};
        var src = Object.keys(g.demand.valueBySourcing).map(function (k) {
          // in the province view "the same city" is each leader's own city, not one 本市
          var label = k === 'SAME_CITY' && region() === 'province' ? T.SAME_CITY_PROVINCE : T[k];
          return '<li>' + esc(label || k) + '：' + num(g.demand.valueBySourcing[k]) + '（' + g.demand.demandsBySourcing[k] + '）</li>';
        }).join('');
        var tiers = Object.keys(g.supply.byTier).map(function (k) { return esc(k) + ' ' + g.supply.byTier[k]; }).join('，') || T.none;
        var caps = Object.keys(g.supply.capacityByUnit).map(function (k) { return num(g.supply.capacityByUnit[k]) + ' ' + esc(k); }).join('，') || T.none;
        var priors = d.policyPriors.map(function (p) {
          return '<li><q>' + esc(p.quote) + '</q> <span class="badge">' + esc(p.kindName) + ' · ' + esc(p.scopeName) + '</span>' +
            ' <cite title="' + esc(p.citation) + '">' + esc(p.shortCitation) + ' ' + esc(p.section) + '</cite>' +
            (p.weight > 0 ? '' : ' <span class="muted">（' + esc(p.weightNote || '未计入判定') + '）</span>') + '</li>';
        }).join('');
        var sup = d.suppliers.map(function (s) {
          return '<tr><td><a href="/enterprises/' + encodeURIComponent(s.creditCode) + '">' + esc(s.name) + '</a></td><td>' + esc(s.city) + '</td><td>' + esc(s.tier || '') + '</td><td class="num">' +
            (s.capacity == null ? '' : num(s.capacity) + ' ' + esc(s.capacityUnit || '')) + '</td><td>' + esc(s.certifications || '') + '</td></tr>';
        }).join('');
        panel.innerHTML =
          '<h2 class="node-name">' + esc(g.nodeName) + ' <small>' + esc(g.nodeNameEn || '') + ' · ' + esc(g.level) + '</small></h2>' +
          '<p><span class="gap-badge" style="background:' + COLORS[g.statusKey] + '">' + esc(g.status) + '</span></p>' +
          '<ul class="reasons">' + g.reasons.map(function (r) { return '<li>' + esc(r) + '</li>'; }).join('') + '</ul>' +
          (n.aliases && n.aliases.length ? '<p><b>' + esc(T.aliases) + '</b>：' + n.aliases.map(esc).join('、') + '</p>' : '') +
          '<h3>' + esc(T.demand) + '</h3><dl class="figures">' +
          '<dt>' + esc(T.demandValue) + '</dt><dd>' + num(g.demand.annualValue) + '</dd>' +
          '<dt>' + esc(T.colLocalisation) + '</dt><dd>' + rate(g, g.localisationRate) + '</dd>' +
          '<dt>' + esc(T.colImport) + '</dt><dd>' + rate(g, g.importShare) + '</dd></dl>' +
          '<p>' + esc(T.sourcing) + '</p><ul>' + src + '</ul>' +
          '<h3>' + esc(T.supply) + '</h3><dl class="figures">' +
          '<dt>' + esc(T.colSuppliers) + '</dt><dd>' + g.localSuppliers + '</dd>' +
          '<dt>' + esc(T.tiers) + '</dt><dd>' + tiers + '</dd>' +
          '<dt>' + esc(T.capacity) + '</dt><dd>' + caps + '</dd>' +
          '<dt>' + esc(T.hhi) + '</dt><dd>' + (g.supply.hhi == null ? '—' : g.supply.hhi.toFixed(2)) + '</dd></dl>' +
          '<h3>' + esc(T.criticality) + '</h3><dl class="figures">' +
          '<dt>' + esc(T.colFinalEquipment) + '</dt><dd>' + g.criticality.finalEquipment + '</dd>' +
          '<dt>' + esc(T.colLeaders) + '</dt><dd>' + g.criticality.leaders + '</dd>' +
          '<dt>' + esc(T.demandShare) + '</dt><dd>' + (g.criticality.demandShareWithheld ? esc(T.withheld) : pct(g.criticality.demandShare)) + '</dd>' +
          '<dt>' + esc(T.colBetweenness) + '</dt><dd>' + sig4(g.criticality.betweenness) + '</dd></dl>' +
          (priors ? '<h3>' + esc(T.priors) + '</h3><ul class="priors">' + priors + '</ul>' : '') +
          '<p><button type="button" id="whatif-button">' + esc(T.whatif) + '</button></p><div id="whatif-result"></div>' +
          '<h3>' + esc(T.suppliers) + '（' + d.suppliers.length + '）</h3>' +
          (sup ? '<table class="data-table suppliers"><thead><tr><th>' + esc(T.supplierName) + '</th><th>' + esc(T.city) +
            '</th><th>' + esc(T.tier) + '</th><th>' + esc(T.capacity) + '</th><th>' + esc(T.certifications) + '</th></tr></thead><tbody>' +
            sup + '</tbody></table>' : '<p>' + esc(T.none) + '</p>');
        document.getElementById('whatif-button').addEventListener('click', function () { whatIf(code); });
      })
      .catch(function (e) { panel.innerHTML = '<p class="flash-error">' + esc(T.error) + esc(e.message) + '</p>'; });
  }

  chart.on('click', function (p) { if (p.dataType === 'node') { showNode(p.data.id); } });
  tbody.addEventListener('click', function (e) {
    var tr = e.target.closest('tr[data-node]');
    if (tr && !e.target.closest('tr.panel-row')) {
      showNode(tr.dataset.node, true);
      chart.dispatchAction({ type: 'downplay', seriesIndex: 0 });
      chart.dispatchAction({ type: 'highlight', seriesIndex: 0, name: (byCode[tr.dataset.node] || {}).nodeName });
    }
  });
  document.querySelectorAll('#gap-table th[data-sort]').forEach(function (th) {
    th.addEventListener('click', function () {
      sortDir = sortKey === th.dataset.sort ? -sortDir : 1;
      sortKey = th.dataset.sort;
      document.querySelectorAll('#gap-table th').forEach(function (h) { h.classList.remove('asc', 'desc'); });
      th.classList.add(sortDir > 0 ? 'asc' : 'desc');
      drawTable();
    });
  });
  filter.addEventListener('input', drawTable);
  select.addEventListener('change', function () {
    var url = new URL(window.location.href);
    url.searchParams.set('region', region());
    window.history.replaceState(null, '', url);
    reportLinks();
    loadGaps().catch(function (e) { panel.innerHTML = '<p class="flash-error">' + esc(T.error) + esc(e.message) + '</p>'; });
  });

  api('/api/v1/chains/' + encodeURIComponent(chain) + '/graph').then(function (g) { graph = g; return loadGaps(); })
    .catch(function (e) { panel.innerHTML = '<p class="flash-error">' + esc(T.error) + esc(e.message) + '</p>'; });
}());
