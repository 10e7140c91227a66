// Drift (ms) against scheduled time, drawn by uPlot from the vendored webjar.
import uPlot from '/webjars/uplot/1.6.30/dist/uPlot.esm.js';

export function driftChart(el, data) {
  const width = Math.max(320, el.clientWidth || 800);
  return new uPlot({
    width,
    height: 220,
    // UTC, like every time in the tables.
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    scales: {
      // A lone point would otherwise stretch the axis over years.
      x: { time: true, range: (u, min, max) => (max - min < 60 ? [min - 30, max + 30] : [min, max]) },
      y: { range: (u, min, max) => [0, Math.max(10, max * 1.1)] } },
    series: [
      {},
      { label: 'drift (ms)', stroke: '#2f6fde', width: 1.5, points: { size: 4 } },
    ],
    axes: [{}, { label: 'ms', size: 50 }],
  }, data, el);
}
