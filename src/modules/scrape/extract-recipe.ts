/**
 * Kept for the modules that import the extractor by its old path (the extraction worker and
 * extractor.ts); the code lives in ./extract/, one file per strategy.
 */
export * from './extract/index.js';
