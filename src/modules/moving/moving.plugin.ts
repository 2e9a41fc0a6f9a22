/**
 * Moving in and out: builds the import reader (a worker pool, started on first use), the imports
 * and export services from the recipes and images services, decorates them, and registers the
 * routes. Running imports end (as failed, what was saved stays) before the database closes.
 */
import fp from 'fastify-plugin';
import exportRoutes from './export.routes.js';
import { ExportService } from './export.service.js';
import { createImportReader } from './import-reader.js';
import importsRoutes from './imports.routes.js';
import { ImportsService } from './imports.service.js';

export default fp(
  async (app) => {
    const imports = new ImportsService({
      db: app.db,
      clock: app.clock,
      reader: createImportReader(app.config.moving),
      recipes: app.recipesService,
      images: app.imagesService,
      log: app.log,
    });
    app.decorate('importsService', imports);
    app.decorate('exportService', new ExportService({ db: app.db, clock: app.clock, variant: (hash) => app.imagesService.variant(hash) }));
    app.addHook('onClose', () => imports.close());
    await app.register(importsRoutes);
    await app.register(exportRoutes);
  },
  { name: 'moving', dependencies: ['db', 'auth', 'recipes', 'images'] },
);
