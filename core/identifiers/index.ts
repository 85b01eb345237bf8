// Ukrainian and X-Road identifiers: validators with reasons, boolean shortcuts and seeded generators.

export * from './check.ts';
export * from './iso-date.ts';
export * from './rnokpp.ts';
export * from './unzr.ts';
export * from './edrpou.ts';
export * from './katottg.ts';
export * from './passport.ts';
export * from './ean13.ts';
export * from './xroad-id.ts';
