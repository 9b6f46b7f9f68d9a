// Global set-up of the cluster test project: a Redis Cluster must answer at TEST_REDIS_CLUSTER_NODES
// (default the local one of scripts/redisCluster.sh on 7101-7106). When none does, it starts the
// local one and says so; when that fails it says what it could not reach and why.
const { execFileSync } = require('child_process');
const net = require('net');
const path = require('path');

const DEFAULT = '127.0.0.1:7101,127.0.0.1:7102,127.0.0.1:7103,127.0.0.1:7104,127.0.0.1:7105,127.0.0.1:7106';

function clusterOk(hostPort) {
  const [host, port] = hostPort.split(':');
  return new Promise((resolve) => {
    const s = net.connect({ host, port: Number(port) });
    let buf = '';
    s.setTimeout(1000, () => { s.destroy(); resolve(false); });
    s.on('error', () => resolve(false));
    s.on('connect', () => s.write('CLUSTER INFO\r\n'));
    s.on('data', (d) => {
      buf += d.toString();
      if (buf.includes('cluster_state:')) { s.end(); resolve(buf.includes('cluster_state:ok')); }
      else if (buf.startsWith('-')) { s.end(); resolve(false); }
    });
  });
}

module.exports = async function clusterSetup() {
  const nodes = process.env.TEST_REDIS_CLUSTER_NODES || DEFAULT;
  const first = nodes.split(',')[0];
  if (await clusterOk(first)) return;
  if (process.env.TEST_REDIS_CLUSTER_NODES) {
    throw new Error(`cluster tests: no healthy Redis Cluster at ${first} (TEST_REDIS_CLUSTER_NODES=${nodes}); start it, or run CLUSTER_TESTS=off npx jest`);
  }
  const script = path.join(__dirname, '..', '..', 'scripts', 'redisCluster.sh');
  process.stdout.write(`\ncluster tests: no Redis Cluster answered at ${first}: starting the local one (${script} start)\n`);
  try {
    execFileSync(script, ['start'], { stdio: ['ignore', 'inherit', 'inherit'] });
  } catch (err) {
    throw new Error(`cluster tests: could not reach a Redis Cluster at ${first} nor start one with ${script} (${err.message}); needs redis-server and redis-cli 7, or CLUSTER_TESTS=off`);
  }
  if (!(await clusterOk(first))) throw new Error(`cluster tests: ${script} ran but ${first} reports no cluster_state:ok`);
};
