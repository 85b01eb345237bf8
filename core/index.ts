// polihon/core: the pure domain — clock, calendar, journal, identifiers, people, results, errors, simulator contract.
export * from './calendar.ts';
export * from './clock.ts';
export * from './duration.ts';
export * from './errors.ts';
export * from './i18n.ts';
export * from './identifiers/index.ts';
export * from './journal.ts';
export * from './people.ts';
export * from './problem.ts';
export * from './random.ts';
export * from './results.ts';
export * from './simulator.ts';
