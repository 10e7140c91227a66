// The live nodes and the partitions each holds (GET /cluster), refreshed every few seconds.
import * as api from '../api.js';
import { h, show, table, time, message } from '../dom.js';

export async function cluster(main) {
  const body = h('div', { id: 'cluster' });
  show(main, h('h2', {}, 'Cluster'), body);
  async function refresh() {
    try {
      const view = await api.get('/cluster');
      show(body,
        h('p', {}, `${view.nodes.length} live node(s) share ${view.partitions} partition(s).`,
          view.unowned.length ? ` Unowned now: ${view.unowned.join(', ')}.` : ' Every partition is owned.'),
        table(['Node', 'Address', 'Started (UTC)', 'Heartbeat (UTC)', 'Partitions'],
          view.nodes.map((n) => [n.id, n.address, time(n.startedAt), time(n.heartbeatAt), n.partitions.join(', ')])));
    } catch (e) {
      show(body, message(e.message));
    }
  }
  await refresh();
  const timer = setInterval(refresh, 5000);
  return () => clearInterval(timer);
}
