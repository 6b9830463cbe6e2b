'use strict';
// Connection settings handed over by NodeClientsIT; results go to RESULTS_FILE for its checks on the backends.
const fs = require('node:fs');

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run these tests through NodeClientsIT (mvn -Dtest=NodeClientsIT)`);
  }
  return value;
}

const proxy = {
  host: '127.0.0.1',
  port: Number(required('SHARDGATE_PORT')),
  user: required('SHARDGATE_USER'),
  password: required('SHARDGATE_PASSWORD'),
  database: required('SHARDGATE_DATABASE'),
};

/** Appends "kind<TAB>label<TAB>id" for the Java side: the id a client got for the row with that label. */
function report(kind, label, id) {
  fs.appendFileSync(required('RESULTS_FILE'), `${kind}\t${label}\t${id}\n`);
}

module.exports = { proxy, report };
