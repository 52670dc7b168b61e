export * from './messages';
export * from './payloads';
