// accelbench report: builds the page from the JSON in #accelbench-data with
// Chart.js (inlined above). Every string from a results file goes into the
// page as text (textContent), never as HTML.
(function () {
  'use strict';
  const data = JSON.parse(document.getElementById('accelbench-data').textContent);
  const main = document.getElementById('report');
  const palette = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2',
                   '#17becf', '#bcbd22', '#7f7f7f'];
  Chart.defaults.animation = false;
  Chart.defaults.font.size = 11;

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }
  function section(title, note) {
    const s = element('section');
    s.appendChild(element('h2', title));
    if (note) s.appendChild(element('p', note, 'note'));
    main.appendChild(s);
    return s;
  }
  // A cell is text, or a <td> made by the caller (with data attributes).
  function table(parent, header, rows) {
    const t = element('table');
    const head = element('tr');
    header.forEach(h => head.appendChild(element('th', h)));
    t.appendChild(head);
    rows.forEach(row => {
      const tr = element('tr');
      (row.cells || row).forEach(cell =>
        tr.appendChild(cell instanceof Node ? cell : element('td', cell)));
      if (row.className) tr.className = row.className;
      t.appendChild(tr);
    });
    parent.appendChild(t);
    return t;
  }
  // 4096 -> "4 KiB", 100000000 -> "95.4 MiB".
  function bytes(value) {
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
    let v = value, i = 0;
    while (Math.abs(v) >= 1024 && i < units.length - 1) { v /= 1024; i++; }
    return (Number.isInteger(v) ? v : Number(v.toPrecision(3))) + ' ' + units[i];
  }
  function format(value) {
    if (typeof value !== 'number') return value === null || value === undefined ? '-' : value;
    return Math.abs(value) >= 1e4 || (Math.abs(value) < 1e-2 && value !== 0)
      ? value.toExponential(3) : value.toPrecision(4);
  }
  function chart(parent, title, config, note, attributes) {
    const box = element('div', null, 'chart');
    box.appendChild(element('h3', title));
    if (note) box.appendChild(element('p', note, 'note'));
    const canvas = element('canvas');
    canvas.width = 640;
    canvas.height = 360;
    Object.assign(canvas.dataset, attributes || {});
    box.appendChild(canvas);
    parent.appendChild(box);
    config.options = Object.assign({responsive: false, maintainAspectRatio: false}, config.options);
    new Chart(canvas.getContext('2d'), config);
  }
  // A log axis labelled at powers of ten only: 0.01, 1, 1000, 1e7.
  function logAxis(title) {
    return {type: 'logarithmic', title: {display: true, text: title}, ticks: {callback: value => {
      const e = Math.round(Math.log10(value));
      if (Math.abs(Math.log10(value) - e) > 1e-9) return '';
      return e >= -3 && e <= 4 ? String(Number(value.toPrecision(1))) : '1e' + e;
    }}};
  }
  // A size axis in bytes: ticks at powers of two (at most about 10), in KiB, MiB, GiB.
  function sizeAxis(title, inBytes) {
    const axis = logAxis(title);
    if (!inBytes) return axis;
    axis.afterBuildTicks = scale => {
      const low = Math.ceil(Math.log2(scale.min)), high = Math.floor(Math.log2(scale.max));
      const step = Math.max(1, Math.ceil((high - low + 1) / 10));
      const ticks = [];
      for (let e = low; e <= high; e += step) ticks.push({value: Math.pow(2, e)});
      if (ticks.length) scale.ticks = ticks;
    };
    axis.ticks = {autoSkip: false, callback: value => bytes(value)};  // replaces logAxis's
    return axis;
  }
  // Vertical dashed lines at x (cache sizes), labelled.
  function marksPlugin(marks) {
    return {id: 'accelbenchMarks', afterDatasetsDraw(c) {
      const x = c.scales.x, area = c.chartArea, ctx = c.ctx;
      ctx.save();
      ctx.strokeStyle = '#777';
      ctx.fillStyle = '#444';
      ctx.setLineDash([4, 3]);
      ctx.font = '10px sans-serif';
      marks.forEach((m, i) => {
        const px = x.getPixelForValue(m.x);
        if (!(px >= area.left && px <= area.right)) return;
        ctx.beginPath();
        ctx.moveTo(px, area.top);
        ctx.lineTo(px, area.bottom);
        ctx.stroke();
        ctx.fillText(m.label, px + 3, area.top + 10 + 11 * (i % 3));
      });
      ctx.restore();
    }};
  }

  // Claims summary: per file, compute, links and stability with their evidence.
  // Figure cells carry data-* attributes (claim, device, key, figure, value,
  // instance) so that a test can check them against the results file.
  // 34800 ns -> "34.8 us": a time in the unit that keeps it under 10^4.
  function quantity(value, unit) {
    const times = ['ns', 'us', 'ms', 's'];
    let v = value, i = times.indexOf(unit);
    while (i >= 0 && i < times.length - 1 && Math.abs(v) >= 1e4) { v /= 1000; i++; }
    return format(v) + ' ' + (i >= 0 ? times[i] : unit);
  }
  function figureCell(f, attributes) {
    let shown = quantity(f.value, f.unit);
    if (f.size !== undefined) {
      shown += ' at ' + (/_bytes$/.test(f.swept || '') ? bytes(f.size) : (f.swept || 'size') +
                         ' ' + f.size);
    }
    const td = element('td', shown, 'figure');
    Object.assign(td.dataset, attributes, {value: String(f.value), instance: f.instance});
    return td;
  }
  function evidence(f) {
    return f.benchmark + (f.what ? ' ' + f.what : '') + ' (' + f.kind + '; instance ' +
           f.instance + ')';
  }
  function levels(f) {
    return f.levels ? f.levels.map(l => l.level + ' ' + format(l.value)).join(', ') + ' ' + f.unit
                    : '';
  }
  const claims = section('Claims', 'Per file: does it lack compute, are its links slow, is it ' +
                         'unstable? Headline figures (the best instance over how a benchmark ' +
                         'runs), each with the instance that measured it.');
  data.summaries.forEach(sm => {
    const box = element('div', null, 'summary');
    box.dataset.file = sm.label;
    box.appendChild(element('h3', sm.label + (sm.kind === 'soak' ? ' (soak)' : '')));
    claims.appendChild(box);
    if (sm.kind !== 'soak') {
      box.appendChild(element('h4', 'Compute'));
      if (sm.compute.length) {
        table(box, ['device', 'data type', 'figure', '% of theoretical', 'evidence'],
              sm.compute.map(f => ({className: f.best_of_type ? 'best' : '', cells: [
                f.device, f.dtype || '-',
                figureCell(f, {claim: 'compute', device: f.device, key: f.dtype,
                               benchmark: f.benchmark, best: String(f.best_of_type)}),
                f.percent_of_theoretical === undefined ? 'not known'
                  : format(f.percent_of_theoretical) + '% of ' + format(f.theoretical_gflops) +
                    ' GFLOP/s (' + f.theoretical_basis + ')',
                evidence(f)]})));
      } else {
        box.appendChild(element('p', 'no compute figure in this file', 'note'));
      }
      box.appendChild(element('h4', 'Links'));
      if (sm.links.length) {
        const cell = (f, l, figure) => f ? figureCell(f, {claim: 'link', device: l.device,
                                                           key: l.link, figure: figure}) : '-';
        table(box, ['link', 'device', 'best bandwidth', 'evidence', 'lowest latency', 'evidence'],
              sm.links.map(l => [l.title, l.device, cell(l.bandwidth, l, 'bandwidth'),
                                 l.bandwidth ? evidence(l.bandwidth) + ' ' + levels(l.bandwidth)
                                             : '',
                                 cell(l.latency, l, 'latency'),
                                 l.latency ? evidence(l.latency) + ' ' + levels(l.latency) : '']));
      } else {
        box.appendChild(element('p', 'no link figure in this file', 'note'));
      }
    }
    const st = sm.stability;
    box.appendChild(element('h4', 'Stability'));
    box.appendChild(element('p', st.line, 'claim'));
    const counts = element('p', null, 'counts');
    Object.keys(st.counts).forEach(k => {
      const span = element('span', k + ' ' + st.counts[k]);
      span.dataset.count = k;
      span.dataset.value = String(st.counts[k]);
      counts.appendChild(span);
    });
    box.appendChild(counts);
    if (st.soak) {
      const worst = element('p', null, 'soak');
      if (st.soak.drift) {
        const drift = element('span', 'worst drift ' + format(st.soak.drift.percent_per_hour) +
                              ' %/h (' + st.soak.drift.instance + ') ');
        Object.assign(drift.dataset, {soak: 'drift', value: String(st.soak.drift.percent_per_hour),
                                      instance: st.soak.drift.instance});
        worst.appendChild(drift);
      }
      if (st.soak.throttle) {
        const throttle = element('span', 'worst throttle share ' +
                                 format(100 * st.soak.throttle.share) + '% (' +
                                 st.soak.throttle.instance + ')');
        Object.assign(throttle.dataset, {soak: 'throttle', value: String(st.soak.throttle.share),
                                         instance: st.soak.throttle.instance});
        worst.appendChild(throttle);
      }
      if (!worst.childNodes.length) worst.textContent = 'no drift and no throttling';
      box.appendChild(worst);
    }
    if (st.problems.length) {
      table(box, ['instance', 'problem'], st.problems.map(p => [p.instance, p.problem]));
      if (st.problems_total > st.problems.length) {
        box.appendChild(element('p', 'and ' + (st.problems_total - st.problems.length) +
                                     ' more', 'note'));
      }
    }
    if (st.figures.length) {
      table(box, ['stability benchmark', 'device', 'figure', 'evidence'],
            st.figures.map(f => [f.benchmark, f.device,
                                 figureCell(f, {claim: 'stability', device: f.device,
                                                key: f.benchmark}), evidence(f)]));
    }
  });

  // Systems side by side.
  const systems = section('Systems', 'The fingerprint of every file: what was measured where.');
  const keys = ['kind', 'hostname', 'cpu', 'topology', 'os', 'kernel', 'accelbench', 'devices',
                'started_at', 'status'];
  table(systems, ['', ...data.files.map(f => f.label)],
        keys.map(k => [k, ...data.files.map(f => f.fingerprint[k])]));

  // Fleet: every named node against the fleet (accelbench fleet, default
  // rules); the heat map is nodes x benchmark instances, coloured by the
  // deviation from the fleet median (negative = worse), defective nodes first.
  if (data.fleet) {
    const f = data.fleet;
    const s = section('Fleet', f.summary.text + '. Deviation from the fleet median per ' +
                      'benchmark instance, negative = worse; defective nodes first.');
    table(s, ['node', 'health', 'rules broken', 'evidence'], f.nodes.map(n => ({
      cells: [n.node, n.health, n.findings.map(x => x.rule + ' (' + x.severity + ')').join(', '),
              n.findings.map(x => x.evidence.map(e => e.text).join('; ')).join('; ')],
      className: 'fleet-' + n.health})));
    const colour = d => {
      if (d === null) return '#eee';
      const t = Math.min(1, Math.abs(d) / 50);
      return d < 0 ? 'rgb(255,' + Math.round(255 - 200 * t) + ',' + Math.round(255 - 200 * t) + ')'
                   : 'rgb(' + Math.round(255 - 150 * t) + ',' + Math.round(255 - 60 * t) + ',255)';
    };
    const map = table(s, ['node', ...f.instances.map((x, i) => String(i + 1))], f.nodes.map(n => ({
      cells: [n.node + ' (' + n.health + ')', ...n.deviation_percent.map((d, i) => {
        const cell = element('td', d === null ? '-' : (d > 0 ? '+' : '') + d.toFixed(1) + '%',
                             'deviation');
        cell.style.background = colour(d);
        cell.title = f.instances[i].instance + ': ' + (d === null ? 'not run ok here'
          : format(d) + '% vs the fleet median ' + format(f.instances[i].median) + ' ' +
            f.instances[i].unit);
        cell.dataset.deviation = d === null ? '' : String(d);
        return cell;
      })]})));
    map.className = 'fleet-heatmap';
    const legend = element('ol', null, 'note fleet-instances');
    f.instances.forEach(x => legend.appendChild(element('li', x.instance + ' (median ' +
                                                        format(x.median) + ' ' + x.unit + ')')));
    s.appendChild(legend);
  }

  // Verdicts.
  if (data.verdicts.length) {
    const s = section('Verdict', 'Each file against the first (A): B / A oriented so that > 1 ' +
                      'means B is better, with the bootstrap 95% interval.');
    data.verdicts.forEach(v => {
      s.appendChild(element('h3', 'A = ' + v.a + ', B = ' + v.b));
      const figures = (rows, missing) => {
        if (rows.length) {
          table(s, ['figure', 'A', 'B', 'unit', 'B vs A', '95% CI', 'A instance', 'B instance'],
                rows.map(r => [r.benchmark + (r.figure ? ' ' + r.figure : ''), format(r.a_median),
                               format(r.b_median), r.unit, format(r.performance_b_vs_a),
                               r.performance_ci95 ? '[' + format(r.performance_ci95[0]) + ', ' +
                                   format(r.performance_ci95[1]) + ']' : 'no samples',
                               r.a_instance, r.b_instance]));
        }
        if (missing.length) {
          table(s, ['only on', 'figure', 'value', 'why the other lacks it'],
                missing.map(m => [m.lacking === 'B' ? 'A' : 'B',
                                  m.benchmark + (m.figure ? ' ' + m.figure : ''),
                                  format(m.value) + ' ' + m.unit, m.reason]));
        }
      };
      v.claims.forEach(c => {
        s.appendChild(element('p', c.claim + ': ' + c.summary, 'claim'));
        (c.links || []).forEach(l => s.appendChild(element('p', l.title + ': ' + l.summary)));
        figures(c.rows, c.missing);
      });
      s.appendChild(element('p', 'stability: ' + v.stability.summary, 'claim'));
      [v.stability.a, v.stability.b].forEach(x => s.appendChild(element('p', x.summary)));
      figures(v.stability.figures.rows, v.stability.figures.missing);
      if (v.instances && v.instances.not_compared.length) {
        s.appendChild(element('h4', 'Not compared, instance by instance (' +
                                    v.instances.not_compared.length + ')'));
        table(s, ['benchmark', 'params', 'why'],
              v.instances.not_compared.map(n => [n.benchmark, n.params, n.reason]));
      }
    });
  }

  // Bandwidth and latency against size.
  if (data.curves.length) {
    const s = section('Bandwidth and latency against size',
                      'Medians per size, per device and direction (log-log).');
    data.curves.forEach(c => chart(s, c.title, {
      type: 'line',
      data: {datasets: c.series.map((series, i) => ({
        label: series.label, data: series.points.map(p => ({x: p[0], y: p[1]})),
        borderColor: palette[i % palette.length], backgroundColor: palette[i % palette.length],
        pointRadius: 2, tension: 0}))},
      options: {parsing: false,
                scales: {x: sizeAxis(c.x_label, c.x_bytes), y: logAxis(c.unit)},
                plugins: {tooltip: {callbacks: {title: items => items.length && c.x_bytes
                  ? bytes(items[0].raw.x) : undefined}}}},
      plugins: [marksPlugin(c.marks)],
    }, c.marks.length ? 'dashed: the CPU caches (' + c.marks.map(m => m.label).join(', ') + ')'
                      : '', {xBytes: String(c.x_bytes), marks: String(c.marks.length)}));
  }

  // Heat maps: a matrix per chart, one square per cell, coloured by value.
  if (data.heatmaps.length) {
    const s = section('Latency and bandwidth matrices',
                      'Every matrix a benchmark declares: core to core, NUMA node to node, ' +
                      'rank pair to rank pair.');
    data.heatmaps.forEach(h => {
      const cells = [];
      let low = Infinity, high = -Infinity;
      h.values.forEach((row, y) => row.forEach((value, x) => {
        if (value === null) return;
        cells.push({x: x, y: y, v: value});
        low = Math.min(low, value);
        high = Math.max(high, value);
      }));
      const colour = v => {
        const t = high > low ? (v - low) / (high - low) : 0.5;
        return 'rgb(' + Math.round(40 + 215 * t) + ',' + Math.round(90 + 60 * (1 - t)) + ',' +
               Math.round(220 * (1 - t)) + ')';
      };
      const size = Math.max(8, Math.min(60, 300 / Math.max(1, h.labels.length)));
      chart(s, h.title + ' (' + h.unit + ', ' + format(low) + ' to ' + format(high) + ')', {
        type: 'scatter',
        data: {datasets: [{label: h.unit, data: cells, pointStyle: 'rect', pointRadius: size / 2,
                           pointHoverRadius: size / 2,
                           backgroundColor: cells.map(c => colour(c.v)),
                           borderColor: cells.map(c => colour(c.v))}]},
        options: {
          plugins: {legend: {display: false},
                    tooltip: {callbacks: {label: ctx => h.labels[ctx.raw.y] + ' -> ' +
                                          h.labels[ctx.raw.x] + ': ' + format(ctx.raw.v)}}},
          scales: {
            x: {min: -0.5, max: h.labels.length - 0.5, ticks: {stepSize: 1,
                callback: v => h.labels[v] === undefined ? '' : h.labels[v]},
                title: {display: true, text: h.axis}},
            y: {min: -0.5, max: h.labels.length - 0.5, reverse: true, ticks: {stepSize: 1,
                callback: v => h.labels[v] === undefined ? '' : h.labels[v]},
                title: {display: true, text: h.axis}},
          },
        },
      });
    });
  }

  // Roofline.
  if (data.rooflines.length) {
    const s = section('Roofline', 'Measured peaks: the best FLOP rate and the best ' +
                      'bandwidth, at the largest size, of the benchmarks that declare both ' +
                      'FLOP and bytes, which are placed at their arithmetic intensity.');
    data.rooflines.forEach(r => {
      // One legend entry per benchmark, however many sizes it ran.
      const byBenchmark = {};
      r.points.forEach(p => (byBenchmark[p.benchmark] = byBenchmark[p.benchmark] || [])
        .push({x: p.intensity, y: p.gflops, label: p.label}));
      const groups = Object.keys(byBenchmark).sort();
      const roof = [];
      for (let e = -3; e <= 4; e += 0.125) {
        const intensity = Math.pow(10, e);
        roof.push({x: intensity, y: Math.min(r.peak_gflops, intensity * r.bandwidth_gbytes)});
      }
      chart(s, r.label + ': peak ' + format(r.peak_gflops) + ' GFLOP/s, ' +
               format(r.bandwidth_gbytes) + ' GB/s', {
        type: 'scatter',
        data: {datasets: [
          {label: 'roof', data: roof, showLine: true, pointRadius: 0, borderColor: '#444'},
          ...groups.map((g, i) => ({label: g + ' (' + byBenchmark[g].length + ')',
                                   data: byBenchmark[g], pointRadius: 4,
                                   backgroundColor: palette[i % palette.length]}))]},
        options: {parsing: false,
                  plugins: {tooltip: {callbacks: {label: ctx => (ctx.raw.label || 'roof') +
                    ': ' + format(ctx.raw.y) + ' GFLOP/s at ' + format(ctx.raw.x) +
                    ' FLOP/byte'}}},
                  scales: {x: logAxis('FLOP per byte'), y: logAxis('GFLOP/s')}},
      });
    });
  }

  // Soaks.
  if (data.soaks.length) {
    const s = section('Soak time series', 'Every verified sample over the soak, with the ' +
                      'telemetry (clocks and temperature where the platform exposes them).');
    data.soaks.forEach(c => chart(s, c.title, {
      type: 'line',
      data: {datasets: c.series.map((series, i) => ({
        label: series.label, data: series.points.map(p => ({x: p[0], y: p[1]})),
        borderColor: palette[i % palette.length], pointRadius: 0, borderWidth: 1}))},
      options: {parsing: false, scales: {x: {type: 'linear', title: {display: true, text: 's'}},
                                         y: {title: {display: true, text: c.unit}}}},
    }));
  }

  // Stability.
  const stability = section('Stability', 'Per file: unstable runs (CV or tail ratio over the ' +
                            'limits), mismatches, runs that failed, hung or crashed; soaks.');
  table(stability, ['file', 'summary'], data.stability.map(x => [x.label, x.summary]));

  document.body.setAttribute('data-rendered', 'true');
})();
