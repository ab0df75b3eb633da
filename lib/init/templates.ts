// The files `shipshape init` writes. Plain text, so a reader sees exactly what a new project gets.

/** What the starter files are made from. */
export interface StarterSettings {
  /** The project name: the package name and the prefix of its namespaces (a DNS-1123 label). */
  readonly name: string;
  /** Version ranges of the packages the project depends on, by package name. */
  readonly versions: Readonly<Record<string, string>>;
}

/** The starter project: file path (relative to the project directory) to content, in writing order. */
export function starterFiles(settings: StarterSettings): Record<string, string> {
  return {
    'package.json': packageJson(settings),
    'cdk8s.yaml': cdk8sYaml(settings),
    'tsconfig.json': TSCONFIG,
    'jest.config.js': JEST_CONFIG,
    'stack.ts': stackTs(settings),
    'main.ts': MAIN_TS,
    'stack.test.ts': STACK_TEST_TS,
    '.gitignore': GITIGNORE,
    '.github/workflows/ci.yml': CI_WORKFLOW,
    'README.md': readme(settings),
  };
}

function packageJson({ name, versions }: StarterSettings): string {
  const pick = (...names: string[]): Record<string, string> => Object.fromEntries(names.map((n) => [n, versions[n]]));
  return `${JSON.stringify({
    name,
    version: '0.1.0',
    private: true,
    scripts: {
      synth: 'shipshape synth',
      test: 'tsc --noEmit && jest',
      check: 'shipshape check dist',
      guard: 'shipshape guard --baseline origin/main dist',
    },
    dependencies: pick('shipshape', 'cdk8s', 'cdk8s-plus-28', 'constructs'),
    devDependencies: pick('@types/jest', '@types/node', 'cdk8s-cli', 'jest', 'ts-jest', 'ts-node', 'typescript'),
  }, null, 2)}\n`;
}

function cdk8sYaml({ versions }: StarterSettings): string {
  return `# shipshape synth (npm run synth) reads the app file and the output directory from here.
# cdk8s synth works too: the validation plugin below runs the Shipshape policy check on what it
# writes (loaded from node_modules by path, so cdk8s installs nothing).
language: typescript
app: npx ts-node main.ts
output: dist
validations:
  - package: ./node_modules/shipshape/bin/cdk8s-validation.js
    version: ${versions.shipshape.replace(/^[\^~]/, '')}
    class: ShipshapeValidation
`;
}

const TSCONFIG = `${JSON.stringify({
  compilerOptions: {
    target: 'ES2022',
    module: 'commonjs',
    lib: ['ES2022'],
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    noImplicitReturns: true,
    noUnusedLocals: true,
    esModuleInterop: true,
    skipLibCheck: true,
    types: ['node', 'jest'],
  },
  include: ['*.ts'],
}, null, 2)}\n`;

const JEST_CONFIG = `/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\\\.ts$': 'ts-jest' },
  // Snapshots of Kubernetes objects are written as YAML documents, like the output itself.
  snapshotSerializers: ['shipshape/testing/snapshot-serializer'],
};
`;

function stackTs({ name }: StarterSettings): string {
  return `import { App } from 'cdk8s';
import { Environment, StatefulDatabase, WebApp } from 'shipshape';

/**
 * The stack: a namespace with a web app and the postgres database it uses. Object names, labels
 * and selectors come from each construct's \`name\`, so moving code around never changes them.
 */
export function buildStack(app: App): void {
  const prod = new Environment(app, '${name}-prod', { name: '${name}-prod', environment: 'prod' });

  // The credentials stay out of git: create the Secret in the cluster (or with sealed-secrets or
  // external-secrets), e.g. kubectl -n ${name}-prod create secret generic db-credentials
  //   --from-literal=username=app --from-literal=password=...
  const db = new StatefulDatabase(prod, 'db', {
    name: 'db',
    engine: 'postgres',
    image: 'postgres:16.4',
    credentials: { secret: 'db-credentials' },
    storage: { size: '10Gi' },
  });

  const web = new WebApp(prod, 'web', {
    name: 'web',
    image: 'ghcr.io/example/web:1.0.0',
    port: 8080,
    healthPath: '/healthz',
  });
  // A NetworkPolicy pair for exactly this path, and DB_HOST, DB_PORT and credentials in web's env.
  web.connectTo(db);
}
`;
}

const MAIN_TS = `import { App } from 'cdk8s';
import { addPolicyCheck } from 'shipshape';
import { buildStack } from './stack';

const app = new App();
buildStack(app);
// An error finding of the policy check fails synth before anything is written.
addPolicyCheck(app);
app.synth();
`;

const STACK_TEST_TS = `import { App } from 'cdk8s';
import { assertValidOutput, manifestsByName, synthManifests } from 'shipshape/testing';
import { buildStack } from './stack';

const app = new App();
buildStack(app);
const objects = synthManifests(app);

test('the output passes the Pod Security and policy checks', () => {
  assertValidOutput(objects);
});

// One snapshot per object, as YAML: a changed default shows as a small diff in review.
// Update them with \`npx jest -u\` after reading the diff.
test.each(Object.entries(manifestsByName(objects)))('%s', (_name, object) => {
  expect(object).toMatchSnapshot();
});
`;

const GITIGNORE = `node_modules/
coverage/
# dist/ is committed: it is what kubectl apply and GitOps tools read, and CI checks it is up to date.
`;

const CI_WORKFLOW = `name: ci
on:
  push:
    branches: [main]
  pull_request:

jobs:
  manifests:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm
      - run: npm ci
      - run: npm test -- --ci
      - run: npm run synth
      - name: The committed dist/ is what the code synthesizes
        run: |
          git add --intent-to-add dist
          git diff --exit-code -- dist || { echo "dist/ is stale: run npm run synth and commit it"; exit 1; }
      - run: npx shipshape check dist
      - name: Upgrade guard against main
        if: github.event_name == 'pull_request'
        run: npx shipshape guard --baseline origin/\${{ github.base_ref }} dist
`;

function readme({ name }: StarterSettings): string {
  return `# ${name}

Kubernetes manifests for ${name}, written with [Shipshape](https://www.npmjs.com/package/shipshape).

- \`stack.ts\` — the stack; \`main.ts\` synthesizes it.
- \`npm run synth\` — \`shipshape synth\`: writes \`dist/\` (one YAML file per namespace) when every
  construct and the policy check pass, and leaves it untouched otherwise. Commit it: it is what
  \`kubectl apply -f dist/\` and GitOps tools read. \`npx shipshape synth --watch\` while editing.
- \`npm test\` — type-check, then the tests: the output passes the policy check, and one YAML
  snapshot per object shows every change in review (\`npx jest -u\` after reading the diff).
- \`npm run check\` — the policy check over \`dist/\`; \`npm run guard\` — what applying \`dist/\`
  over \`origin/main\` would be rejected for or lose.

CI (\`.github/workflows/ci.yml\`) runs the tests, fails when the committed \`dist/\` is stale, runs
the policy check, and on pull requests runs the upgrade guard against the target branch.
`;
}
