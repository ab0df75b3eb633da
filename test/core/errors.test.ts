import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { ShipshapeError } from '../../lib';
import { fail } from '../../lib/core/errors';

describe('ShipshapeError', () => {
  test('message names the construct path, prop, expectation and given value', () => {
    const app = Testing.app();
    const api = new Construct(new Construct(app, 'prod'), 'api');
    let error: unknown;
    try {
      fail(api, 'port', 'an integer from 1 to 65535', 70000);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ShipshapeError);
    expect(error).toMatchObject({
      message: 'prod/api: port must be an integer from 1 to 65535, got 70000',
      constructPath: 'prod/api',
      prop: 'port',
      expected: 'an integer from 1 to 65535',
      given: '70000',
    });
  });

  test('renders strings quoted and missing values as nothing', () => {
    expect(new ShipshapeError('a', 'image', 'pinned', 'nginx').message).toBe('a: image must be pinned, got \'nginx\'');
    expect(new ShipshapeError('a', 'image', 'pinned', undefined).message).toBe('a: image must be pinned, got nothing');
  });
});
