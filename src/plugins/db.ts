import fp from 'fastify-plugin';
import { createDatabase, type DatabaseHandle } from '../db/database.js';

export interface DbPluginOptions { database?: DatabaseHandle }

/** Opens the database (or takes one given by the caller), migrates it, and closes it with the app. */
export default fp<DbPluginOptions>(async (app, opts) => {
  const database = opts.database ?? createDatabase({ url: app.config.databaseUrl, poolSize: app.config.dbPoolSize });
  await database.migrate();
  app.decorate('database', database);
  app.decorate('db', database.db);
  app.addHook('onClose', async () => {
    if (!opts.database) await database.close();
  });
}, { name: 'db' });
