/**
 * The engine tests (`npm run test:engines`): the database presets' rendered scripts and settings run
 * against real servers from Debian packages (postgresql, redis-server). One worker: each test
 * starts several servers, and they share the machine's loopback.
 * @type {import('jest').Config}
 */
module.exports = {
  ...require('./jest.config'),
  roots: ['<rootDir>/test/engines'],
  testPathIgnorePatterns: ['/node_modules/'],
  maxWorkers: 1,
  testTimeout: 120_000,
};
