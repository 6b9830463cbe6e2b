-- The replica only: follow mysql-primary-0 by GTID auto-position. During initialisation the
-- primary may not answer yet; the I/O thread keeps retrying every 5 s, and the settings
-- survive the entrypoint's restart of the server.
CHANGE REPLICATION SOURCE TO
  SOURCE_HOST = 'mysql-primary-0',
  SOURCE_PORT = 3306,
  SOURCE_USER = 'repl',
  SOURCE_PASSWORD = 'repl',
  SOURCE_AUTO_POSITION = 1,
  SOURCE_CONNECT_RETRY = 5,
  SOURCE_RETRY_COUNT = 1000;
START REPLICA;
