/* 对接统计 charts (ECharts): the stage funnel and 本地配套率 by month, from /api/v1/matchmaking/figures. */
(function () {
  'use strict';
  var main = document.querySelector('main.matchmaking-figures');
  if (!main || typeof echarts === 'undefined') { return; }
  var T = {};
  document.querySelectorAll('#mm-text dd').forEach(function (d) { T[d.dataset.key] = d.textContent; });
  var q = new URLSearchParams({ chain: main.dataset.chain, region: main.dataset.region, from: main.dataset.from, to: main.dataset.to });
  fetch('/api/v1/matchmaking/figures?' + q.toString(), { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
    .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
    .then(function (f) {
      var funnel = echarts.init(document.getElementById('funnel-chart'));
      var order = ['SHORTLISTED', 'CONTACTED', 'SAMPLING', 'TRIAL', 'SUPPLYING'];
      // records at or past each stage (a funnel narrows)
      var reached = order.map(function (s, i) {
        var n = 0;
        for (var j = i; j < order.length; j++) { n += f.funnel[order[j]] || 0; }
        return { name: T[s] || s, value: n };
      });
      reached.push({ name: T.ENDED || 'ENDED', value: f.funnel.ENDED || 0 });
      funnel.setOption({ tooltip: {}, series: [{ type: 'funnel', sort: 'none', left: '5%', width: '90%', data: reached,
        label: { position: 'inside', formatter: '{b}：{c}' } }] });
      var rate = echarts.init(document.getElementById('rate-chart'));
      var months = f.months.map(function (m) { return m.month; });
      function pct(v) { return v == null ? null : Math.round(v * 1000) / 10; }
      rate.setOption({ tooltip: { trigger: 'axis', valueFormatter: function (v) { return v == null ? '—' : v + '%'; } },
        legend: { top: 0 }, grid: { left: 40, right: 10, top: 30, bottom: 30 },
        xAxis: { type: 'category', data: months }, yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
        series: [{ name: T.localRate, type: 'line', data: f.months.map(function (m) { return pct(m.localRate); }) },
                 { name: T.sameCityRate, type: 'line', data: f.months.map(function (m) { return pct(m.sameCityRate); }) }] });
      window.addEventListener('resize', function () { funnel.resize(); rate.resize(); });
    })
    .catch(function () { /* the table below carries every figure */ });
}());
