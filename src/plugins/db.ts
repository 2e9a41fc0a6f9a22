import fp from 'fastify-plugin';
import { createDatabase, type DatabaseHandle } from '../db/database.js';

export interface DbPluginOptions {
  database?: DatabaseHandle;
}

/** Opens the database (or takes one given by the caller), migrates it, and closes it with the app. */
export default fp<DbPluginOptions>(
  async (app, opts) => {
    const { config } = app;
    const database =
      opts.database ??
      createDatabase({
        url: config.databaseUrl,
        poolSize: config.dbPoolSize,
        connectTimeoutMs: config.dbConnectTimeoutMs,
        statementTimeoutMs: config.dbStatementTimeoutMs,
      });
    await database.migrate();
    app.decorate('database', database);
    app.decorate('db', database.db);
    app.addHook('onClose', async () => {
      if (!opts.database) await database.close();
    });
  },
  { name: 'db' },
);
