/**
 * The catalog: everything between a spreadsheet and an `AuctionConfig`.
 * CSV in and out, rule presets and the demo league; money as people write it
 * lives below, in `shared/core/money`.
 * Pure TypeScript, shared by the host CLI and the renderer.
 */
export * from './csv';
export * from './presets';
export { describeIssue, type ImportIssue } from './import-sheet';
export * from './lots-csv';
export * from './photos';
export * from './teams-csv';
export * from './rules-json';
export * from './demo';
