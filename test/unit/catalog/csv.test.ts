import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCsvBytes, isFormulaLike, neutraliseFormula, parseCsv, toCsv } from '../../../shared/catalog/csv';

function rows(text: string): string[][] {
  const result = parseCsv(text);
  if (!result.ok) throw new Error(`unexpected error: ${result.error.message}`);
  return result.rows;
}

function error(text: string, limits = {}) {
  const result = parseCsv(text, { limits });
  if (result.ok) throw new Error('expected an error');
  return result.error;
}

describe('parseCsv', () => {
  it('reads simple rows with LF or CRLF line ends', () => {
    expect(rows('a,b\n1,2\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(rows('a,b\r\n1,2\r\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(rows('a,b\r1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('does not add a row for the final line end, and reads a last line without one', () => {
    expect(rows('a\n1')).toEqual([['a'], ['1']]);
    expect(rows('a\n1\n')).toEqual([['a'], ['1']]);
    expect(rows('')).toEqual([]);
  });

  it('strips a leading BOM', () => {
    expect(rows('\uFEFFname,price\nx,1')[0]).toEqual(['name', 'price']);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    expect(rows('"Hawks, The","say ""hi""","two\r\nlines"\n')).toEqual([['Hawks, The', 'say "hi"', 'two\r\nlines']]);
  });

  it('keeps empty fields, quoted or not, including a trailing one', () => {
    expect(rows('a,,c,\n"",x,""')).toEqual([
      ['a', '', 'c', ''],
      ['', 'x', ''],
    ]);
    expect(rows('""')).toEqual([['']]);
  });

  it('keeps blank lines so row numbers match a spreadsheet', () => {
    expect(rows('a\n\nb\n')).toEqual([['a'], [''], ['b']]);
  });

  it('keeps a quote inside an unquoted field as text', () => {
    expect(rows(`height\n5'10"\n`)).toEqual([['height'], [`5'10"`]]);
  });

  it('detects semicolon and tab separators when the first row has no comma', () => {
    const semi = parseCsv('name;price\nx;1,5\n');
    expect(semi.ok && semi.delimiter).toBe(';');
    expect(semi.ok && semi.rows[1]).toEqual(['x', '1,5']);
    const tab = parseCsv('name\tprice\nx\t1\n');
    expect(tab.ok && tab.rows[1]).toEqual(['x', '1']);
    expect(rows('name,note\nx,a;b')[1]).toEqual(['x', 'a;b']);
  });

  it('counts a multi-line quoted cell as one row in error positions', () => {
    const e = error('a,b\n"one\ntwo",x\n"open,y\n');
    expect(e.row).toBe(3);
    expect(e.column).toBe(1);
    expect(e.message).toMatch(/never closed/);
  });

  it('reports text after a closing quote with its row and column', () => {
    const e = error('a,b\nx,"quoted"tail\n');
    expect(e).toMatchObject({ row: 2, column: 2 });
    expect(e.message).toMatch(/after the closing quote/);
  });

  it('refuses input over the size limit', () => {
    const e = error('x'.repeat(101), { maxChars: 100 });
    expect(e.row).toBe(0);
    expect(e.message).toMatch(/too large/);
    expect(parseCsv('x'.repeat(2_000_001)).ok).toBe(false);
  });

  it('refuses a field over the length limit, quoted or not, naming its row and column', () => {
    const plain = error(`a,b\n1,${'y'.repeat(501)}\n`);
    expect(plain).toMatchObject({ row: 2, column: 2 });
    expect(plain.message).toMatch(/too long.*500/);
    const quoted = error(`a\n"${'y'.repeat(300)}""${'y'.repeat(300)}"\n`);
    expect(quoted).toMatchObject({ row: 2, column: 1 });
    expect(parseCsv(`a\n${'y'.repeat(500)}\n`).ok).toBe(true);
  });

  it('refuses more rows than the limit', () => {
    const e = error('a\n1\n2\n3\n', { maxRows: 3 });
    expect(e.row).toBe(4);
    expect(e.message).toMatch(/too many rows.*3/);
    expect(parseCsv('a\n1\n2\n', { limits: { maxRows: 3 } }).ok).toBe(true);
    expect(parseCsv('a\n1\n'.repeat(2600)).ok).toBe(false);
  });

  it('parses a file just under every limit', () => {
    const line = `${'x'.repeat(190)},"${'y'.repeat(190)}, z"\r\n`;
    const text = line.repeat(4999);
    expect(text.length).toBeGreaterThan(1_900_000);
    const result = parseCsv(text);
    expect(result.ok && result.rows.length).toBe(4999);
    expect(result.ok && result.rows[4998]?.[1]).toBe(`${'y'.repeat(190)}, z`);
  });
});

describe('decodeCsvBytes', () => {
  const utf8 = (text: string) => new TextEncoder().encode(text);

  it('decodes UTF-8 with and without a BOM', () => {
    expect(decodeCsvBytes(utf8('name\nRāhul ₹'))).toEqual({ ok: true, text: 'name\nRāhul ₹' });
    expect(decodeCsvBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('name')]))).toEqual({ ok: true, text: 'name' });
  });

  it('decodes UTF-16 LE and BE with a BOM', () => {
    const text = 'name,price\nÉlan,₹50 L';
    const le = [0xff, 0xfe];
    const be = [0xfe, 0xff];
    for (const unit of text) {
      const code = unit.charCodeAt(0);
      le.push(code & 0xff, code >> 8);
      be.push(code >> 8, code & 0xff);
    }
    expect(decodeCsvBytes(new Uint8Array(le))).toEqual({ ok: true, text });
    expect(decodeCsvBytes(new Uint8Array(be))).toEqual({ ok: true, text });
  });

  it('rejects invalid UTF-8 (a Windows-1252 file) with advice', () => {
    const latin1 = new Uint8Array([0x6e, 0x61, 0x6d, 0x65, 0x0a, 0x43, 0x61, 0x66, 0xe9]); // "name\nCafé" in cp1252
    const result = decodeCsvBytes(latin1);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/not UTF-8.*CSV UTF-8/);
  });

  it('rejects UTF-16 without a BOM, an Excel workbook and an oversized file', () => {
    expect(decodeCsvBytes(new Uint8Array([0x61, 0x00, 0x62, 0x00]))).toMatchObject({ ok: false });
    const xlsx = decodeCsvBytes(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]));
    expect(!xlsx.ok && xlsx.error).toMatch(/Excel workbook/);
    const big = decodeCsvBytes(new Uint8Array(11), 10);
    expect(!big.ok && big.error).toMatch(/too large/);
  });
});

describe('formula neutralisation on export', () => {
  it.each(['=1+1', '+cmd', '-2+3', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("http://evil")', '-', '+'])(
    'prefixes %j with an apostrophe',
    (cell) => {
      expect(isFormulaLike(cell)).toBe(true);
      expect(neutraliseFormula(cell)).toBe(`'${cell}`);
    },
  );

  it.each(['-5', '+3', '-1.25', '1e6', '-.5', 'Hawks', "'=already", ''])('leaves %j alone', (cell) => {
    expect(neutraliseFormula(cell)).toBe(cell);
  });

  it('is idempotent', () => {
    expect(neutraliseFormula(neutraliseFormula('=x'))).toBe("'=x");
  });
});

describe('toCsv', () => {
  it('writes CRLF rows, quoting only when needed', () => {
    expect(
      toCsv([
        ['id', 'name', 'note'],
        ['L1', 'Hawks, The', 'say "hi"'],
        ['L2', 'two\nlines', null],
        [3, -5, true],
      ]),
    ).toBe('id,name,note\r\nL1,"Hawks, The","say ""hi"""\r\nL2,"two\nlines",\r\n3,-5,true\r\n');
  });

  it('neutralises formulas and survives a round trip through the parser', () => {
    const table = [
      ['name', 'amount'],
      ['=cmd|" /C calc"!A0', '-5'],
      ['@evil, "x"', '+1'],
      [' padded ', ''],
    ];
    const csv = toCsv(table);
    expect(csv).toContain(`"'=cmd|"" /C calc""!A0",-5`);
    expect(rows(csv)).toEqual([
      ['name', 'amount'],
      [`'=cmd|" /C calc"!A0`, '-5'],
      [`'@evil, "x"`, '+1'],
      [' padded ', ''],
    ]);
  });

  it('round-trips any table through parseCsv, formulas neutralised', () => {
    const cell = fc.string({
      unit: fc.constantFrom('a', ' ', ',', ';', '\t', '"', '\r', '\n', '=', '-', '1', 'é', '₹'),
      maxLength: 8,
    });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 }), (table) => {
        expect(rows(toCsv(table))).toEqual(table.map((row) => row.map(neutraliseFormula)));
      }),
      { numRuns: 500 },
    );
  });
});
