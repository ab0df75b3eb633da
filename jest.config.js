/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // Two cores here and in CI: one worker per core (Jest's default leaves one core idle).
  maxWorkers: '100%',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The engine tests need database servers installed: `npm run test:engines` runs them.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/engines/'],
  transform: {
    // Standard (TC39) decorators, as TypeScript compiles them for the package build.
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { decoratorVersion: '2022-03' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // Snapshots of Kubernetes objects are YAML documents, written by the test kit's serializer.
  snapshotSerializers: ['<rootDir>/lib/testing/snapshot-serializer.ts'],
  // The package's own name resolves to its sources, as in tsconfig.json's paths.
  moduleNameMapper: {
    '^shipshape$': '<rootDir>/lib/index.ts',
    '^shipshape/(policy|guard|testing)$': '<rootDir>/lib/$1/index.ts',
    '^shipshape/testing/snapshot-serializer$': '<rootDir>/lib/testing/snapshot-serializer.ts',
  },
};
