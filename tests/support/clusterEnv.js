// Every suite of the cluster project talks to the Redis Cluster (see clusterSetup.js).
process.env.REDIS_CLUSTER_NODES = process.env.TEST_REDIS_CLUSTER_NODES || '127.0.0.1:7101,127.0.0.1:7102,127.0.0.1:7103,127.0.0.1:7104,127.0.0.1:7105,127.0.0.1:7106';
delete process.env.REDIS_URL;
