/**
 * The catalog: everything between a spreadsheet and an `AuctionConfig`.
 * CSV in and out, money as people write it, rule presets and the demo league.
 * Pure TypeScript, shared by the host CLI and the renderer.
 */
export * from './csv';
export * from './money';
export * from './presets';
export * from './import';
export * from './demo';
