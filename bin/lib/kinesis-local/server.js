// The Kinesis-API server of bin/kinesis-local: kinesalite with an in-memory store, bound to loopback
// (its own CLI listens on every interface and has no option against it).
// usage: node server.js PORT STATE_DIR   (STATE_DIR only marks the process as this instance's)
'use strict';
const path = require('path');

// The Kinesis JSON protocol carries blobs (a record's Data) as base64 text. kinesalite relies on the
// Buffer.toJSON of early Node versions for that; today's Node writes {"type":"Buffer","data":[...]},
// which AWS SDKs cannot read. (Its CBOR answers with binary data are cut short too, so the clients of
// this server speak JSON.)
Buffer.prototype.toJSON = function () {
  return this.toString('base64');
};
const install = process.env.KINESALITE_HOME;
const kinesalite = require(install ? path.join(install, 'node_modules', 'kinesalite') : 'kinesalite');

const port = parseInt(process.argv[2], 10);
if (!(port >= 1 && port <= 65535)) {
  console.error('usage: node server.js PORT STATE_DIR');
  process.exit(2);
}
// Streams become ACTIVE after 50 ms instead of 500, and the account's shard limit of 10 would be
// reached after five two-shard test streams.
const server = kinesalite({createStreamMs: 50, deleteStreamMs: 50, updateStreamMs: 50, shardLimit: 1000});
server.listen(port, '127.0.0.1', (err) => {
  if (err) {
    console.error(err);
    process.exit(1);
  }
  console.log('kinesalite listening on 127.0.0.1:' + port);
});
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
