import { describe, expect, it } from 'vitest';
import { makeBidId, pageByBytes } from '../../../renderer/lib/gavel-client';

/** The JSON size pageByBytes counts for one item: its JSON plus one separator byte. */
const sizeOf = (item: unknown): number => new TextEncoder().encode(JSON.stringify(item)).length + 1;

describe('pageByBytes', () => {
  it('keeps every page within the budget, in order, losing nothing', () => {
    const items = Array.from({ length: 50 }, (_, i) => ({ id: `L${i}`, name: 'x'.repeat(i % 7) }));
    const pages = pageByBytes(items, 100);
    expect(pages.flat()).toEqual(items);
    for (const page of pages) expect(page.reduce((sum, item) => sum + sizeOf(item), 0)).toBeLessThanOrEqual(100);
    expect(pages.length).toBeGreaterThan(1);
  });

  it('fills a page exactly to the budget before starting the next', () => {
    const item = { id: 'abc' };
    const pages = pageByBytes([item, item, item], sizeOf(item) * 2);
    expect(pages.map((page) => page.length)).toEqual([2, 1]);
  });

  it('counts bytes, not characters', () => {
    const item = { name: '₹₹₹' };
    expect(sizeOf(item)).toBeGreaterThan(JSON.stringify(item).length + 1);
    expect(pageByBytes([item, item], JSON.stringify(item).length * 2 + 2)).toHaveLength(2);
  });

  it('gives an oversized item a page of its own', () => {
    const big = { name: 'x'.repeat(200) };
    expect(pageByBytes([{ a: 1 }, big, { b: 2 }], 50)).toEqual([[{ a: 1 }], [big], [{ b: 2 }]]);
  });

  it('makes no pages from nothing', () => {
    expect(pageByBytes([], 100)).toEqual([]);
  });
});

describe('makeBidId', () => {
  it('is 24 hex characters and differs call to call', () => {
    const ids = new Set(Array.from({ length: 100 }, () => makeBidId()));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{24}$/);
  });
});
