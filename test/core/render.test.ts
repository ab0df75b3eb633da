import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { renderValue } from '../../lib/core/render';

describe('values in error messages', () => {
  test('strings are quoted; a long one shows its first 100 characters and its length', () => {
    expect(renderValue('nginx')).toBe('\'nginx\'');
    expect(renderValue('x'.repeat(1024 * 1024))).toBe(`'${'x'.repeat(100)}…(1048576 characters)'`);
  });

  test('control characters, quotes and invisible formatting characters are escaped', () => {
    expect(renderValue('a\nb\u0000c\td')).toBe('\'a\\nb\\0c\\td\'');
    expect(renderValue('it\'s')).toBe('\'it\\\'s\'');
    expect(renderValue('a\u202eb\u2028c\u007f')).toBe('\'a\\u202eb\\u2028c\\u007f\'');
    expect(renderValue('back\\slash')).toBe('\'back\\\\slash\'');
  });

  test('numbers are shown as written, NaN and Infinity included; undefined is nothing', () => {
    expect([1.5, NaN, Infinity, -0, 2 ** 31].map(renderValue)).toEqual(['1.5', 'NaN', 'Infinity', '-0', '2147483648']);
    expect(renderValue(undefined)).toBe('nothing');
    expect(renderValue(null)).toBe('null');
  });

  test('values that are no data are named by what they are', () => {
    expect(renderValue(function handler() { return 1; })).toBe('a function (handler)');
    expect(renderValue(() => 1)).toBe('a function');
    expect(renderValue(Symbol('token'))).toBe('a symbol (token)');
    expect(renderValue(new Date(Date.UTC(2024, 0, 2)))).toBe('a Date (2024-01-02T00:00:00.000Z)');
    expect(renderValue(new Date(NaN))).toBe('a Date (invalid)');
    expect(renderValue(10n)).toBe('a bigint (10n)');
    expect(renderValue(new Map())).toBe('a Map');
    expect(renderValue(new Construct(Testing.app(), 'db-credentials'))).toBe('a Construct construct (db-credentials)');
  });

  test('lists and maps read as JSON, with what is no data named inside', () => {
    expect(renderValue(['get', 'list'])).toBe('["get","list"]');
    expect(renderValue({ a: 1, b: [null] })).toBe('{"a":1,"b":[null]}');
    expect(renderValue([() => 1, undefined])).toBe('[<a function>,undefined]');
  });

  test('long lists and maps are cut, saying how many items there are', () => {
    const rendered = renderValue(Array.from({ length: 10000 }, (_, i) => i));
    expect(rendered.length).toBeLessThan(140);
    expect(rendered).toMatch(/^\[0,1,2,.*…\(10000 items\)]$/);
  });

  test('a value that contains itself renders once', () => {
    const loop: Record<string, unknown> = { name: 'a' };
    loop.self = loop;
    expect(renderValue(loop)).toBe('{"name":"a","self":<circular>}');
  });
});
