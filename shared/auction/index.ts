export * from './types';
export * from './commands';
export * from './events';
export * from './engine';
export * from './rules';
export * from './views';
export * from './records';
export * from './proxy';
