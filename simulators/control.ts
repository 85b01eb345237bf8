// Transitional: the kit lives in simulators/kit/ (docs/decisions/0007-simulator-kit.md). Трембіта still imports
// from here while it is split into faces; once it imports simulators/kit/index.ts, delete this file.
export * from './kit/index.ts';
