// The Clientele dashboard's charts, drawn with Apache ECharts from the data embedded in the
// page (element #dashboard-data, written by `clientele dashboard` from warehouse/sql/dashboard).
// Every chart reports when it has finished drawing into window.__charts and #render-status,
// so a headless browser (the test) can tell that each one drew.
(function () {
  'use strict';

  var doc = JSON.parse(document.getElementById('dashboard-data').textContent);
  var esc = echarts.format.encodeHTML;  // data text in tooltips is HTML there: always escaped

  // Query results as arrays of objects keyed by column name.
  function rows(name) {
    var q = doc.queries[name];
    return q.rows.map(function (r) {
      var o = {};
      q.columns.forEach(function (c, i) { o[c] = r[i]; });
      return o;
    });
  }

  var number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
  var decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
  function num(v) { return v == null ? '–' : number.format(v); }
  function pct(v) { return v == null ? '–' : decimal.format(100 * v) + '%'; }
  function month(d) { return d == null ? '' : d.substring(0, 7); }
  function unique(list) { return list.filter(function (v, i) { return list.indexOf(v) === i; }); }
  function round1(v) { return v == null ? null : Math.round(v * 1000) / 10; }

  var palette = ['#2563eb', '#f97316', '#10b981', '#a855f7', '#ef4444', '#0ea5e9', '#eab308',
                 '#14b8a6', '#ec4899', '#64748b', '#84cc16', '#8b5cf6', '#f43f5e', '#22c55e'];
  var base = {
    color: palette,
    textStyle: { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif' },
    animationDuration: 400
  };

  // ------------------------------------------------------------ bookkeeping of the drawing
  window.__charts = {};
  var charts = [];
  function draw(id, option) {
    var el = document.getElementById('chart-' + id);
    var chart = echarts.init(el, null, { renderer: 'canvas' });
    var points = 0;
    (option.series || []).forEach(function (s) { points += (s.data || []).length; });
    window.__charts[id] = { series: (option.series || []).length, points: points, finished: false };
    chart.on('finished', function () {
      window.__charts[id].finished = true;
      report();
    });
    chart.setOption(Object.assign({}, base, option, points ? {} : {
      // A source that was never delivered (no surveys, no complaints) leaves a chart empty: say so.
      graphic: [{ type: 'text', left: 'center', top: 'middle',
                  style: { text: 'No data yet', fill: '#6b7280', fontSize: 16 } }]
    }), true);
    charts.push(chart);
    return chart;
  }
  function report() {
    document.getElementById('render-status').textContent = JSON.stringify(window.__charts);
    var ids = Object.keys(window.__charts);
    window.__rendered = ids.length > 0 && ids.every(function (id) { return window.__charts[id].finished; });
  }
  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });

  // ------------------------------------------------------------ header and headline figures
  var k = rows('kpis')[0];
  document.title = 'Clientele dashboard — ' + k.as_of_date;
  document.getElementById('title').textContent = 'Clientele — customers as of ' + k.as_of_date;
  document.getElementById('meta').textContent = 'published ' + (k.published_at || '').replace('T', ' ').substring(0, 16)
      + ' UTC by ' + k.engine;
  var pareto = rows('clv_pareto');
  var top20 = pareto.filter(function (p) { return p.customers_pct === 20; })[0];
  var complaintsByChannel = rows('complaints_by_channel');
  var timed = 0, kept = 0;
  complaintsByChannel.forEach(function (r) { timed += r.resolved_timed || 0; kept += r.within_deadline || 0; });
  // today's backlog: the operations row of D's month, absent only when no complaint was ever received
  var backlog = rows('complaint_operations').filter(function (r) {
    return month(r.month) === month(k.as_of_date);
  })[0];
  var tiles = [
    ['Customers', num(k.customers), num(k.buyers) + ' have bought'],
    ['Active today', num(k.active_customers), k.customers ? pct(k.active_customers / k.customers) + ' of customers' : ''],
    ['Revenue, 12 months', num(k.revenue_12m), 'purchases only'],
    ['Churn, ' + month(k.last_churn_month), pct(k.last_churn_rate), 'retention ' + pct(k.last_retention_rate)],
    ['Top 20% of buyers', top20 ? decimal.format(top20.clv_pct) + '%' : '–', 'of lifetime value'],
    ['NPS, ' + month(k.last_nps_month), k.last_nps == null ? '–' : number.format(k.last_nps),
     'CSAT ' + (k.last_csat_avg == null ? '–' : decimal.format(k.last_csat_avg)) + ' / 5'],
    ['Complaints, 12 months', num(k.complaints_12m), timed ? pct(kept / timed) + ' within deadline' : 'none closed'],
    ['Open complaints', backlog ? num(backlog.open_at_month_end) : '0',
     backlog ? num(backlog.overdue_at_month_end) + ' past the deadline' : 'none open'],
    ['Costing more than they bring', num(k.unprofitable_customers), 'customers (compensation, returns, cost of goods)'],
    ['Renewal calls', num(k.renewal_calls), 'contracts ending in the next 90 days']
  ];
  var kpis = document.getElementById('kpis');
  tiles.forEach(function (t) {
    var div = document.createElement('div');
    div.className = 'kpi';
    ['label', 'value', 'note'].forEach(function (cls, i) {
      var span = document.createElement('div');
      span.className = cls;
      span.textContent = t[i];
      div.appendChild(span);
    });
    kpis.appendChild(div);
  });

  // ------------------------------------------------------------ cohort retention heatmap
  (function () {
    var cells = rows('cohort_retention');
    var cohorts = unique(cells.map(function (c) { return month(c.cohort_month); }));
    var maxK = cells.reduce(function (m, c) { return Math.max(m, c.months_since_first); }, 0);
    var ks = [];
    for (var i = 0; i <= maxK; i++) { ks.push(String(i)); }
    var sizes = {};
    cells.forEach(function (c) { sizes[month(c.cohort_month)] = c.cohort_size; });
    // Month 0 is 100% by definition: the colour scale follows the later months.
    var laterMax = cells.reduce(function (m, c) {
      return c.months_since_first > 0 ? Math.max(m, c.retention_rate || 0) : m;
    }, 0.05);
    draw('cohorts', {
      tooltip: {
        formatter: function (p) {
          var c = p.data.cell;
          return esc(month(c.cohort_month)) + ' cohort (' + num(c.cohort_size) + ' customers)<br>'
              + 'month ' + c.months_since_first + (c.is_partial ? ' (partial)' : '') + ': '
              + num(c.active_customers) + ' bought, ' + pct(c.retention_rate) + '<br>'
              + 'revenue ' + num(c.revenue) + ' (' + pct(c.revenue_retention) + ' of month 0)';
        }
      },
      grid: { left: 110, right: 70, top: 10, bottom: 40 },
      xAxis: { type: 'category', data: ks, name: 'months since first purchase', nameLocation: 'middle',
               nameGap: 26, splitArea: { show: true } },
      yAxis: { type: 'category', data: cohorts, inverse: true, splitArea: { show: true },
               axisLabel: { formatter: function (v) { return v + '  (' + num(sizes[v]) + ')'; } } },
      visualMap: { min: 0, max: Math.min(1, Math.ceil(laterMax * 20) / 20), calculable: false, orient: 'vertical',
                   right: 0, top: 'center', itemHeight: 200, text: [Math.round(Math.min(1, Math.ceil(laterMax * 20) / 20) * 100) + '%', '0%'],
                   formatter: function (v) { return Math.round(v * 100) + '%'; },
                   inRange: { color: ['#f7fbff', '#c6dbef', '#6baed6', '#2171b5', '#08306b'] } },
      series: [{
        type: 'heatmap',
        name: 'retention',
        data: cells.map(function (c) {
          return { value: [String(c.months_since_first), month(c.cohort_month), c.retention_rate], cell: c,
                   itemStyle: c.is_partial ? { opacity: 0.45 } : undefined };
        }),
        label: { show: true, fontSize: 9, formatter: function (p) { return Math.round(p.value[2] * 100); } },
        emphasis: { itemStyle: { borderColor: '#111827', borderWidth: 1 } }
      }]
    });
  })();

  // ------------------------------------------------------------ churn and retention
  var churn = rows('churn_monthly');
  (function () {
    var all = churn.filter(function (r) { return r.segment_kind === 'all'; });
    draw('churn', {
      tooltip: { trigger: 'axis', valueFormatter: function (v) { return v == null ? '–' : String(v); } },
      legend: { top: 0 },
      grid: { left: 50, right: 60, top: 48, bottom: 30 },
      xAxis: { type: 'category', data: all.map(function (r) { return month(r.month); }) },
      yAxis: [{ type: 'value', name: '%', max: 100, axisLabel: { formatter: '{value}%' } },
              { type: 'value', name: 'customers', splitLine: { show: false } }],
      series: [
        { name: 'active at month end', type: 'bar', yAxisIndex: 1, itemStyle: { color: '#cbd5e1' },
          data: all.map(function (r) { return r.customers_end; }) },
        { name: 'churn %', type: 'line', smooth: true, itemStyle: { color: '#ef4444' },
          data: all.map(function (r) { return round1(r.churn_rate); }) },
        { name: 'revenue churn %', type: 'line', smooth: true, lineStyle: { type: 'dashed' }, itemStyle: { color: '#f97316' },
          data: all.map(function (r) { return round1(r.revenue_churn); }) },
        { name: 'retention %', type: 'line', smooth: true, itemStyle: { color: '#10b981' },
          data: all.map(function (r) { return round1(r.retention_rate); }) }
      ]
    });
  })();

  (function () {
    var select = document.getElementById('churn-kind');
    var months = unique(churn.filter(function (r) { return r.segment_kind === 'all'; })
        .map(function (r) { return month(r.month); })).slice(-12);
    var chart = null;
    function option(kind) {
      var ofKind = churn.filter(function (r) { return r.segment_kind === kind; });
      var segments = unique(ofKind.map(function (r) { return r.segment; })).sort();
      return {
        tooltip: { trigger: 'axis', confine: true,
                   valueFormatter: function (v) { return v == null ? '–' : v + '%'; } },
        legend: { type: 'scroll', top: 0 },
        grid: { left: 50, right: 20, top: 48, bottom: 30 },
        xAxis: { type: 'category', data: months },
        yAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
        series: segments.map(function (s) {
          var byMonth = {};
          ofKind.filter(function (r) { return r.segment === s; })
              .forEach(function (r) { byMonth[month(r.month)] = r.churn_rate; });
          return { name: s, type: 'line', smooth: true, connectNulls: true,
                   data: months.map(function (m) { return round1(byMonth[m]); }) };
        })
      };
    }
    chart = draw('churn-segments', option(select.value));
    select.addEventListener('change', function () { chart.setOption(Object.assign({}, base, option(select.value)), true); });
  })();

  // ------------------------------------------------------------ why customers leave, the groups over time
  (function () {
    var reasons = rows('churn_reasons');
    var select = document.getElementById('reason-source');
    var chart = null;
    function option(source) {
      // the largest first, at the top of the horizontal bars
      var of = reasons.filter(function (r) { return r.reason_source === source; }).reverse();
      return {
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true,
                   formatter: function (ps) {
                     var r = of[ps[0].dataIndex];
                     return esc(r.reason) + '<br>' + num(r.lost_customers) + ' lost customers (' + pct(r.share_of_lost)
                         + ')<br>their revenue of the 12 months before: ' + num(r.lost_revenue_12m)
                         + '<br>their predicted CLV when they left: ' + num(r.predicted_clv_at_month_start);
                   } },
        grid: { left: 150, right: 30, top: 10, bottom: 30 },
        yAxis: { type: 'category', data: of.map(function (r) { return r.reason; }),
                 axisLabel: { width: 140, overflow: 'truncate' } },
        xAxis: { type: 'value', name: 'lost customers' },
        series: [{ name: 'lost customers', type: 'bar', itemStyle: { color: '#ef4444' },
                   data: of.map(function (r) { return r.lost_customers; }) }]
      };
    }
    chart = draw('churn-reasons', option(select.value));
    select.addEventListener('change', function () { chart.setOption(Object.assign({}, base, option(select.value)), true); });
  })();

  (function () {
    var life = rows('lifecycle_monthly');
    var months = unique(life.map(function (r) { return month(r.month); }));
    var stages = [['prospect', 'potential', '#cbd5e1'], ['active', 'active', '#10b981'],
                  ['dissatisfied', 'dissatisfied', '#f97316'], ['churned', 'lost', '#ef4444'],
                  ['won_back', 'returning', '#2563eb']];
    function at(m, stage, column) {
      var r = life.filter(function (x) { return month(x.month) === m && x.lifecycle_stage === stage; })[0];
      return r ? r[column] : null;
    }
    var series = stages.map(function (s) {
      return { name: s[1], type: 'bar', stack: 'stages', itemStyle: { color: s[2] },
               data: months.map(function (m) { return at(m, s[0], 'customers'); }) };
    });
    series.push({ name: 'lost → won back in 12 months %', type: 'line', yAxisIndex: 1, connectNulls: false,
                  itemStyle: { color: '#1e3a8a' },
                  data: months.map(function (m) { return round1(at(m, 'churned', 'win_back_rate_12m')); }) });
    series.push({ name: 'dissatisfied → lost in 3 months %', type: 'line', yAxisIndex: 1, connectNulls: false,
                  lineStyle: { type: 'dashed' }, itemStyle: { color: '#111827' },
                  data: months.map(function (m) { return round1(at(m, 'dissatisfied', 'lost_rate_3m')); }) });
    draw('lifecycle', {
      tooltip: { trigger: 'axis', confine: true },
      legend: { type: 'scroll', top: 0 },
      grid: { left: 60, right: 50, top: 48, bottom: 30 },
      xAxis: { type: 'category', data: months },
      yAxis: [{ type: 'value', name: 'customers' },
              { type: 'value', min: 0, max: 100, splitLine: { show: false }, axisLabel: { formatter: '{value}%' } }],
      series: series
    });
  })();

  // ------------------------------------------------------------ customer value
  (function () {
    var bands = rows('clv_distribution');
    draw('clv', {
      tooltip: { trigger: 'axis',
                 formatter: function (ps) {
                   var b = bands[ps[0].dataIndex];
                   return esc(ps[0].name) + '<br>' + num(b.customers) + ' buyers, CLV ' + num(b.clv_total) + ' in all';
                 } },
      grid: { left: 50, right: 20, top: 20, bottom: 50 },
      xAxis: { type: 'category', name: 'CLV', nameLocation: 'middle', nameGap: 34,
               data: bands.map(function (b) {
                 return b.band_to == null ? '≥ ' + num(b.band_from) : num(b.band_from) + '–' + num(b.band_to);
               }),
               axisLabel: { rotate: 35, fontSize: 10 } },
      yAxis: { type: 'value', name: 'buyers' },
      series: [{ name: 'buyers', type: 'bar', barCategoryGap: '10%', itemStyle: { color: '#2563eb' },
                 data: bands.map(function (b) { return b.customers; }) }]
    });
  })();

  (function () {
    draw('pareto', {
      tooltip: { trigger: 'axis',
                 formatter: function (ps) {
                   return 'top ' + ps[0].value[0] + '% of buyers: ' + decimal.format(ps[0].value[1]) + '% of CLV';
                 } },
      legend: { top: 0 },
      grid: { left: 50, right: 30, top: 48, bottom: 40 },
      xAxis: { type: 'value', min: 0, max: 100, name: '% of buyers', nameLocation: 'middle', nameGap: 26,
               axisLabel: { formatter: '{value}%' } },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        { name: 'share of lifetime value', type: 'line', showSymbol: false, areaStyle: { opacity: 0.12 },
          itemStyle: { color: '#2563eb' },
          data: pareto.map(function (p) { return [p.customers_pct, p.clv_pct]; }),
          markPoint: top20 ? {
            symbol: 'circle', symbolSize: 10, itemStyle: { color: '#f97316' },
            label: { position: 'right', fontWeight: 'bold', color: '#111827',
                     formatter: 'top 20% → ' + decimal.format(top20.clv_pct) + '%' },
            data: [{ coord: [20, top20.clv_pct] }] } : undefined,
          markLine: { silent: true, symbol: 'none', lineStyle: { color: '#f97316', type: 'dotted' },
                      label: { show: false }, data: [{ xAxis: 20 }] } },
        { name: 'if every buyer were equal', type: 'line', showSymbol: false,
          lineStyle: { type: 'dashed', color: '#9ca3af' }, itemStyle: { color: '#9ca3af' },
          data: [[0, 0], [100, 100]] }
      ]
    });
  })();

  // ------------------------------------------------------------ complaints
  (function () {
    var channels = unique(complaintsByChannel.map(function (r) { return r.channel; })).sort();
    var categories = unique(complaintsByChannel.map(function (r) { return r.category; })).sort();
    function cell(ch, cat) {
      return complaintsByChannel.filter(function (r) { return r.channel === ch && r.category === cat; })[0];
    }
    var series = categories.map(function (cat) {
      return { name: cat, type: 'bar', stack: 'complaints',
               data: channels.map(function (ch) { var r = cell(ch, cat); return r ? r.complaints : 0; }) };
    });
    series.push({ name: 'within deadline %', type: 'line', yAxisIndex: 1, symbolSize: 8,
                  itemStyle: { color: '#111827' }, lineStyle: { width: 0 },
                  data: channels.map(function (ch) {
                    var t = 0, w = 0;
                    complaintsByChannel.filter(function (r) { return r.channel === ch; })
                        .forEach(function (r) { t += r.resolved_timed || 0; w += r.within_deadline || 0; });
                    return t ? round1(w / t) : null;
                  }) });
    draw('complaints-channel', {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { type: 'scroll', top: 0 },
      grid: { left: 50, right: 50, top: 48, bottom: 30 },
      xAxis: { type: 'category', data: channels },
      yAxis: [{ type: 'value', name: 'complaints' },
              { type: 'value', min: 0, max: 100, splitLine: { show: false }, axisLabel: { formatter: '{value}%' } }],
      series: series
    });
  })();

  (function () {
    var monthly = rows('complaints_monthly');
    draw('complaints-trend', {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 50, right: 50, top: 48, bottom: 30 },
      xAxis: { type: 'category', data: monthly.map(function (r) { return month(r.month); }) },
      yAxis: [{ type: 'value', name: 'complaints' },
              { type: 'value', min: 0, max: 100, splitLine: { show: false }, axisLabel: { formatter: '{value}%' } }],
      series: [
        { name: 'received', type: 'bar', itemStyle: { color: '#f97316' },
          data: monthly.map(function (r) { return r.complaints; }) },
        { name: 'closed by today', type: 'bar', itemStyle: { color: '#fdba74' },
          data: monthly.map(function (r) { return r.resolved; }) },
        { name: 'within deadline %', type: 'line', yAxisIndex: 1, smooth: true, itemStyle: { color: '#111827' },
          data: monthly.map(function (r) { return r.resolved_timed ? round1(r.within_deadline / r.resolved_timed) : null; }) }
      ]
    });
  })();

  (function () {
    var ops = rows('complaint_operations');
    var severities = [['low', '#fde68a'], ['medium', '#fbbf24'], ['high', '#f97316'], ['critical', '#b91c1c']];
    var series = severities.map(function (s) {
      return { name: s[0] + ' severity', type: 'bar', stack: 'severity', itemStyle: { color: s[1] },
               data: ops.map(function (r) { return r[s[0] + '_severity_complaints']; }) };
    });
    series.push({ name: 'open at month end', type: 'line', itemStyle: { color: '#2563eb' },
                  data: ops.map(function (r) { return r.open_at_month_end; }) });
    series.push({ name: 'overdue (> 30 days)', type: 'line', itemStyle: { color: '#111827' },
                  lineStyle: { type: 'dashed' },
                  data: ops.map(function (r) { return r.overdue_at_month_end; }) });
    series.push({ name: 'complaint rate %', type: 'line', yAxisIndex: 1, itemStyle: { color: '#10b981' },
                  data: ops.map(function (r) { return r.complaint_rate == null ? null : Math.round(r.complaint_rate * 10000) / 100; }) });
    draw('complaint-operations', {
      tooltip: { trigger: 'axis' },
      legend: { type: 'scroll', top: 0 },
      grid: { left: 50, right: 60, top: 48, bottom: 30 },
      xAxis: { type: 'category', data: ops.map(function (r) { return month(r.month); }) },
      yAxis: [{ type: 'value', name: 'complaints' },
              { type: 'value', min: 0, splitLine: { show: false }, axisLabel: { formatter: '{value}%' } }],
      series: series
    });
  })();

  // ------------------------------------------------------------ satisfaction
  (function () {
    var sat = rows('satisfaction_monthly');
    var months = unique(sat.map(function (r) { return month(r.month); })).sort();
    var segments = unique(sat.map(function (r) { return r.segment; })).sort(function (a, b) {
      return a === 'all' ? -1 : b === 'all' ? 1 : a < b ? -1 : 1;
    });
    function value(segment, m, column) {
      var r = sat.filter(function (x) { return x.segment === segment && month(x.month) === m; })[0];
      return r && r[column] != null ? Math.round(r[column] * 10) / 10 : null;
    }
    function answers(segment, m, column) {
      var r = sat.filter(function (x) { return x.segment === segment && month(x.month) === m; })[0];
      return r ? r[column] : 0;
    }
    var series = segments.map(function (s) {
      // Few answers swing NPS wildly: the tooltip gives how many there were.
      return { name: 'NPS ' + s, type: 'line', smooth: true, connectNulls: true,
               lineStyle: s === 'all' ? { width: 3 } : { width: 1.5, type: 'dashed' },
               data: months.map(function (m) { return value(s, m, 'nps'); }) };
    });
    series.push({ name: 'CSAT (all)', type: 'bar', yAxisIndex: 1, itemStyle: { color: '#d1fae5' }, z: 1,
                  data: months.map(function (m) { return value('all', m, 'csat_avg'); }) });
    draw('satisfaction', {
      tooltip: { trigger: 'axis', confine: true,
                 formatter: function (ps) {
                   var m = ps[0].axisValue;
                   return esc(m) + ps.map(function (p) {
                     var s = p.seriesName.replace(/^NPS /, '');
                     var n = p.seriesName === 'CSAT (all)' ? answers('all', m, 'csat_responses')
                         : answers(s, m, 'nps_responses');
                     return '<br>' + p.marker + esc(p.seriesName) + ': '
                         + (p.value == null ? '–' : p.value) + ' (' + num(n) + ' answers)';
                   }).join('');
                 } },
      legend: { top: 0 },
      grid: { left: 50, right: 40, top: 48, bottom: 30 },
      xAxis: { type: 'category', data: months },
      yAxis: [{ type: 'value', name: 'NPS', min: -100, max: 100 },
              { type: 'value', name: 'CSAT', min: 1, max: 5, splitLine: { show: false } }],
      series: series
    });
  })();

  (function () {
    var cells = rows('satisfaction_touchpoint');
    // the total over every touchpoint first, then each touchpoint by name
    var labels = unique(cells.map(function (r) { return r.is_touchpoint_total ? 'all touchpoints' : r.touchpoint; }));
    function cell(label, tier) {
      return cells.filter(function (r) {
        return (r.is_touchpoint_total ? 'all touchpoints' : r.touchpoint) === label && r.value_tier === tier;
      })[0];
    }
    var tiers = [['top20', 'top 20%', '#2563eb'], ['rest', 'the rest', '#94a3b8']];
    var series = [];
    tiers.forEach(function (t) {
      series.push({ name: 'CSAT 4–5 %, ' + t[1], type: 'bar', itemStyle: { color: t[2] },
                    data: labels.map(function (l) { var c = cell(l, t[0]); return c && c.csat_satisfied_pct != null ? Math.round(c.csat_satisfied_pct * 10) / 10 : null; }) });
    });
    tiers.forEach(function (t) {
      series.push({ name: 'NPS, ' + t[1], type: 'scatter', yAxisIndex: 1, symbolSize: 11,
                    itemStyle: { color: t[0] === 'top20' ? '#f97316' : '#111827' },
                    data: labels.map(function (l) { var c = cell(l, t[0]); return c && c.nps != null ? Math.round(c.nps * 10) / 10 : null; }) });
    });
    draw('satisfaction-touchpoint', {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true,
                 formatter: function (ps) {
                   var l = ps[0].axisValue;
                   return esc(l) + tiers.map(function (t) {
                     var c = cell(l, t[0]) || {};
                     return '<br>' + t[1] + ': CSAT ' + (c.csat_avg == null ? '–' : decimal.format(c.csat_avg))
                         + ' (' + num(c.csat_responses || 0) + ' answers), NPS '
                         + (c.nps == null ? '–' : number.format(c.nps)) + ' (' + num(c.nps_responses || 0) + ' answers)';
                   }).join('');
                 } },
      legend: { type: 'scroll', top: 0 },
      grid: { left: 50, right: 50, top: 48, bottom: 30 },
      xAxis: { type: 'category', data: labels },
      yAxis: [{ type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
              { type: 'value', name: 'NPS', min: -100, max: 100, splitLine: { show: false } }],
      series: series
    });
  })();

  // ------------------------------------------------------------ sales and cross-selling
  (function () {
    var sales = rows('sales_monthly');
    var all = sales.filter(function (r) { return r.breakdown_kind === 'all'; });
    var months = all.map(function (r) { return month(r.month); });
    var select = document.getElementById('sales-kind');
    var chart = null;
    function option(kind) {
      var ofKind = sales.filter(function (r) { return r.breakdown_kind === kind; });
      var totals = {};
      ofKind.forEach(function (r) { totals[r.breakdown] = (totals[r.breakdown] || 0) + (r.net_revenue || 0); });
      // the eight largest by revenue over the window are drawn, the others summed as one
      var ranked = Object.keys(totals).sort(function (a, b) { return totals[b] - totals[a] || (a < b ? -1 : 1); });
      var shown = ranked.slice(0, 8);
      var groups = shown.slice();
      if (ranked.length > shown.length) { groups.push('others'); }
      var series = groups.map(function (g) {
        var byMonth = {};
        ofKind.filter(function (r) { return g === 'others' ? shown.indexOf(r.breakdown) < 0 : r.breakdown === g; })
            .forEach(function (r) { byMonth[month(r.month)] = (byMonth[month(r.month)] || 0) + (r.net_revenue || 0); });
        return { name: g, type: 'bar', stack: 'revenue',
                 data: months.map(function (m) { return byMonth[m] == null ? 0 : Math.round(byMonth[m]); }) };
      });
      series.push({ name: 'discount rate %', type: 'line', yAxisIndex: 1, itemStyle: { color: '#111827' },
                    data: all.map(function (r) { return round1(r.discount_rate); }) });
      series.push({ name: 'return rate %', type: 'line', yAxisIndex: 1, lineStyle: { type: 'dashed' },
                    itemStyle: { color: '#ef4444' },
                    data: all.map(function (r) { return round1(r.return_rate); }) });
      return {
        tooltip: { trigger: 'axis', confine: true },
        legend: { type: 'scroll', top: 0 },
        grid: { left: 70, right: 50, top: 48, bottom: 30 },
        xAxis: { type: 'category', data: months },
        yAxis: [{ type: 'value', name: 'net revenue' },
                { type: 'value', min: 0, splitLine: { show: false }, axisLabel: { formatter: '{value}%' } }],
        series: series
      };
    }
    chart = draw('sales', option(select.value));
    select.addEventListener('change', function () { chart.setOption(Object.assign({}, base, option(select.value)), true); });
  })();

  (function () {
    var cross = rows('cross_sell_monthly');
    draw('cross-sell', {
      tooltip: { trigger: 'axis' },
      legend: { type: 'scroll', top: 0 },
      grid: { left: 50, right: 90, top: 48, bottom: 30 },
      xAxis: { type: 'category', data: cross.map(function (r) { return month(r.month); }) },
      yAxis: [{ type: 'value', name: 'customers' },
              { type: 'value', min: 0, splitLine: { show: false }, axisLabel: { formatter: '{value}%' } },
              { type: 'value', name: 'categories', min: 0, offset: 45, splitLine: { show: false } }],
      series: [
        { name: 'repeat buyers', type: 'bar', itemStyle: { color: '#cbd5e1' },
          data: cross.map(function (r) { return r.repeat_buyers; }) },
        { name: 'bought a new category', type: 'bar', barGap: '-100%', itemStyle: { color: '#10b981' },
          data: cross.map(function (r) { return r.cross_sell_buyers; }) },
        { name: 'cross-sell rate %', type: 'line', yAxisIndex: 1, itemStyle: { color: '#2563eb' },
          data: cross.map(function (r) { return round1(r.cross_sell_rate); }) },
        { name: 'categories per buyer', type: 'line', yAxisIndex: 2, lineStyle: { type: 'dashed' },
          itemStyle: { color: '#a855f7' },
          data: cross.map(function (r) { return r.avg_category_breadth == null ? null : Math.round(r.avg_category_breadth * 100) / 100; }) }
      ]
    });
  })();

  // ------------------------------------------------------------ forecast
  (function () {
    var rowsF = rows('forecast');
    var months = unique(rowsF.map(function (r) { return month(r.month); }));
    function at(m, backtest, column) {
      var r = rowsF.filter(function (x) { return month(x.month) === m && x.is_backtest === backtest; })[0];
      return r && r[column] != null ? Math.round(r[column]) : null;
    }
    draw('forecast', {
      tooltip: { trigger: 'axis', valueFormatter: function (v) { return v == null ? '–' : num(v); } },
      legend: { type: 'scroll', top: 0 },
      grid: { left: 70, right: 50, top: 48, bottom: 30 },
      xAxis: { type: 'category', data: months },
      yAxis: [{ type: 'value', name: 'revenue' },
              { type: 'value', name: 'purchases', splitLine: { show: false } }],
      series: [
        { name: 'expected revenue', type: 'bar', itemStyle: { color: '#2563eb' },
          data: months.map(function (m) { return at(m, false, 'expected_revenue'); }) },
        { name: 'backtest: forecast revenue', type: 'bar', itemStyle: { color: '#93c5fd' },
          data: months.map(function (m) { return at(m, true, 'expected_revenue'); }) },
        { name: 'backtest: actual revenue', type: 'scatter', symbolSize: 11, itemStyle: { color: '#111827' },
          data: months.map(function (m) { return at(m, true, 'actual_revenue'); }) },
        { name: 'expected purchases', type: 'line', yAxisIndex: 1, itemStyle: { color: '#f97316' },
          data: months.map(function (m) { return at(m, false, 'expected_purchases'); }) }
      ]
    });
  })();

  // ------------------------------------------------------------ renewals and contacts
  (function () {
    var ren = rows('renewals_monthly');
    draw('renewals', {
      tooltip: { trigger: 'axis', confine: true },
      legend: { type: 'scroll', top: 0 },
      grid: { left: 50, right: 50, top: 48, bottom: 30 },
      xAxis: { type: 'category', data: ren.map(function (r) { return month(r.month); }) },
      yAxis: [{ type: 'value', name: 'contracts' },
              { type: 'value', min: 0, max: 100, splitLine: { show: false }, axisLabel: { formatter: '{value}%' } }],
      series: [
        { name: 'up-sell', type: 'bar', stack: 'renewed', itemStyle: { color: '#10b981' },
          data: ren.map(function (r) { return r.upsells; }) },
        { name: 'same fee', type: 'bar', stack: 'renewed', itemStyle: { color: '#93c5fd' },
          data: ren.map(function (r) { return r.flat_renewals; }) },
        { name: 'down-sell', type: 'bar', stack: 'renewed', itemStyle: { color: '#f97316' },
          data: ren.map(function (r) { return r.downsells; }) },
        { name: 'ended, not renewed', type: 'bar', itemStyle: { color: '#ef4444' },
          data: ren.map(function (r) { return r.ended_not_renewed; }) },
        { name: 'renewal rate %', type: 'line', yAxisIndex: 1, itemStyle: { color: '#111827' },
          data: ren.map(function (r) { return round1(r.renewal_rate); }) }
      ]
    });
  })();

  (function () {
    var con = rows('contacts_monthly');
    draw('contacts', {
      tooltip: { trigger: 'axis', confine: true },
      legend: { type: 'scroll', top: 0 },
      grid: { left: 50, right: 90, top: 48, bottom: 30 },
      xAxis: { type: 'category', data: con.map(function (r) { return month(r.month); }) },
      yAxis: [{ type: 'value', name: 'contacts' },
              { type: 'value', min: 0, max: 100, splitLine: { show: false }, axisLabel: { formatter: '{value}%' } },
              { type: 'value', name: 'per', min: 0, offset: 45, splitLine: { show: false } }],
      series: [
        { name: 'inbound', type: 'bar', stack: 'contacts', itemStyle: { color: '#94a3b8' },
          data: con.map(function (r) { return r.inbound; }) },
        { name: 'outbound', type: 'bar', stack: 'contacts', itemStyle: { color: '#2563eb' },
          data: con.map(function (r) { return r.outbound; }) },
        { name: 'outbound share %', type: 'line', yAxisIndex: 1, itemStyle: { color: '#10b981' },
          data: con.map(function (r) { return round1(r.outbound_share); }) },
        { name: 'contacts per complaint', type: 'line', yAxisIndex: 2, lineStyle: { type: 'dashed' },
          itemStyle: { color: '#f97316' },
          data: con.map(function (r) { return r.contacts_per_complaint == null ? null : Math.round(r.contacts_per_complaint * 10) / 10; }) },
        { name: 'contacts per agent', type: 'line', yAxisIndex: 2, itemStyle: { color: '#a855f7' },
          data: con.map(function (r) { return r.avg_contacts_per_agent == null ? null : Math.round(r.avg_contacts_per_agent * 10) / 10; }) }
      ]
    });
  })();

  // ------------------------------------------------------------ value against acquisition cost
  (function () {
    var acq = rows('acquisition');
    function rounded(v) { return v == null ? null : Math.round(v); }
    draw('acquisition', {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true,
                 formatter: function (ps) {
                   var r = acq[ps[0].dataIndex];
                   return esc(r.acquisition_channel) + '<br>' + num(r.new_customers) + ' new customers, spend '
                       + num(r.marketing_spend) + '<br>CAC ' + num(r.cac) + ', revenue so far ' + num(r.revenue_per_customer)
                       + ', predicted CLV ' + num(r.predicted_clv_per_customer) + ' per customer<br>value ÷ cost '
                       + (r.clv_to_cac == null ? '–' : decimal.format(r.clv_to_cac)) + '; paid back: '
                       + num(r.cohorts_paid_back) + ' of ' + num(r.cohorts) + ' cohorts'
                       + (r.median_payback_months == null ? '' : ' (median ' + decimal.format(r.median_payback_months) + ' months)');
                 } },
      legend: { type: 'scroll', top: 0 },
      grid: { left: 60, right: 50, top: 48, bottom: 30 },
      xAxis: { type: 'category', data: acq.map(function (r) { return r.acquisition_channel; }) },
      yAxis: [{ type: 'value', name: 'per new customer' },
              { type: 'value', name: 'value ÷ cost', min: 0, splitLine: { show: false } }],
      series: [
        { name: 'CAC', type: 'bar', itemStyle: { color: '#ef4444' },
          data: acq.map(function (r) { return rounded(r.cac); }) },
        { name: 'revenue so far', type: 'bar', stack: 'value', itemStyle: { color: '#2563eb' },
          data: acq.map(function (r) { return rounded(r.revenue_per_customer); }) },
        { name: 'predicted CLV, 12 months', type: 'bar', stack: 'value', itemStyle: { color: '#93c5fd' },
          data: acq.map(function (r) { return rounded(r.predicted_clv_per_customer); }) },
        { name: 'value ÷ cost', type: 'scatter', yAxisIndex: 1, symbolSize: 11, itemStyle: { color: '#111827' },
          data: acq.map(function (r) { return r.clv_to_cac == null ? null : Math.round(r.clv_to_cac * 100) / 100; }) }
      ]
    });
  })();

  // ------------------------------------------------------------ book of business
  (function () {
    var book = rows('book_of_business');
    var owners = book.slice().reverse();  // largest at the top of a horizontal bar chart
    draw('book', {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 120, right: 30, top: 48, bottom: 30 },
      yAxis: { type: 'category', data: owners.map(function (r) { return r.account_owner; }),
               axisLabel: { width: 110, overflow: 'truncate' } },
      xAxis: [{ type: 'value', name: 'revenue', position: 'bottom' },
              { type: 'value', min: 0, max: 100, position: 'top', show: false }],
      series: [
        { name: 'revenue, 12 months', type: 'bar', itemStyle: { color: '#2563eb' },
          data: owners.map(function (r) { return r.revenue_12m; }) },
        { name: 'churn 12 months %', type: 'scatter', xAxisIndex: 1, symbolSize: 9, itemStyle: { color: '#ef4444' },
          data: owners.map(function (r) { return round1(r.churn_rate_12m); }) }
      ]
    });
    var table = document.getElementById('book-table');
    var head = ['account owner', 'customers', 'active today', 'prospects', 'former customers', 'revenue, 12 months',
                'book value', 'churn, 12 months', 'complaints, 12 months', 'CSAT, 12 months', 'NPS, 12 months'];
    var tr = table.insertRow();
    head.forEach(function (h) { var th = document.createElement('th'); th.textContent = h; tr.appendChild(th); });
    book.forEach(function (r) {
      var row = table.insertRow();
      [r.account_owner, num(r.customers), num(r.active_customers), num(r.prospects), num(r.former_customers),
       num(r.revenue_12m), num(r.book_value), pct(r.churn_rate_12m), num(r.complaints_12m),
       r.csat_avg_12m == null ? '–' : decimal.format(r.csat_avg_12m),
       r.nps_12m == null ? '–' : number.format(r.nps_12m) + ' (' + num(r.nps_responses_12m) + ')'
      ].forEach(function (v) { row.insertCell().textContent = v; });
    });
    if (book.length && book[0].book_value_basis === 'historical_revenue_12m') {
      table.createCaption().textContent = 'Book value is the last 12 months\' revenue until the predictive CLV models fill it in.';
    }
  })();

  document.getElementById('footer').textContent = 'Written by `clientele dashboard` from clientele.duckdb (as of '
      + k.as_of_date + '). Charts: Apache ECharts ' + doc.echartsVersion + '.';
  report();
})();
