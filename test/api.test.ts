import * as path from 'path';
import * as ts from 'typescript';
import '../lib';
import { declaredProps } from '../lib/core/props';

// The public API, as a TypeScript consumer sees it: every entry point of the package.
const ROOT = path.join(__dirname, '..');
const ENTRY_POINTS = ['lib/index.ts', 'lib/policy/index.ts', 'lib/guard/index.ts', 'lib/testing/index.ts'];

const program = ts.createProgram(ENTRY_POINTS.map((e) => path.join(ROOT, e)), { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, esModuleInterop: true, skipLibCheck: true });
const checker = program.getTypeChecker();

function exportsOf(file: string): ts.Symbol[] {
  const source = program.getSourceFile(file);
  if (!source) throw new Error(`${file} is not in the program`);
  return checker.getExportsOfModule(checker.getSymbolAtLocation(source)!);
}

function resolved(symbol: ts.Symbol): ts.Symbol {
  return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

// Shapes the library hands out rather than takes: their optional fields are absent, not defaulted.
const OUTPUT_SHAPES = new Set(['Finding', 'GuardFinding', 'GuardObjectRef', 'Manifest', 'SourcedManifest', 'HostAccess']);

/** Optional properties of an exported input interface that lack a `@default` tag. */
function propsWithoutDefault(symbol: ts.Symbol): string[] {
  if (OUTPUT_SHAPES.has(symbol.name)) return [];
  const missing: string[] = [];
  for (const declaration of symbol.declarations ?? []) {
    if (!ts.isInterfaceDeclaration(declaration)) continue;
    for (const member of declaration.members) {
      if (!ts.isPropertySignature(member) || !member.questionToken) continue;
      const hasDefault = ts.getJSDocTags(member).some((tag) => tag.tagName.text === 'default');
      if (!hasDefault) missing.push(`${symbol.name}.${member.name.getText()}`);
    }
  }
  return missing;
}

describe.each(ENTRY_POINTS)('the public API of %s', (entry) => {
  const symbols = exportsOf(path.join(ROOT, entry));

  test('every export has TSDoc', () => {
    const undocumented = symbols.filter((s) => resolved(s).getDocumentationComment(checker).length === 0).map((s) => s.name);
    expect(undocumented).toEqual([]);
  });

  test('every optional property of an exported interface states its default', () => {
    expect(symbols.flatMap((s) => propsWithoutDefault(resolved(s)))).toEqual([]);
  });
});

test('no name of the main entry point means something else in cdk8s-plus-28', () => {
  const plus = program.getSourceFile(require.resolve('cdk8s-plus-28/lib/index.d.ts'));
  // cdk8s-plus-28 is outside the program's root files: read its exports from a program of its own.
  const plusProgram = ts.createProgram([require.resolve('cdk8s-plus-28/lib/index.d.ts')], { skipLibCheck: true });
  const plusChecker = plusProgram.getTypeChecker();
  const plusSource = plus ?? plusProgram.getSourceFile(require.resolve('cdk8s-plus-28/lib/index.d.ts'))!;
  const plusNames = new Set(plusChecker.getExportsOfModule(plusChecker.getSymbolAtLocation(plusSource)!).map((s) => s.name));
  const ours = exportsOf(path.join(ROOT, 'lib/index.ts')).map((s) => s.name);
  expect(ours.filter((name) => plusNames.has(name))).toEqual([]);
});

// Exported interfaces that are nobody's props: shapes the library hands out or that describe its
// own machinery and data. Every other exported interface is taken as props, checked at run time.
const NOT_PROPS = new Set([
  'Identity', 'HostAccess', 'ConnectionEndpoint', 'IConnectable', 'WorkloadKind', 'Props', 'PropField', 'PropSpec',
  'DuplicateObjects', 'DuplicateSource', 'MonitoringDaemonPresetProps', 'CheckOptions',
]);

test('every props interface of the main entry point has a runtime table of exactly its properties, optional where it is', () => {
  const interfaces = exportsOf(path.join(ROOT, 'lib/index.ts')).map(resolved)
    .filter((s) => s.flags & ts.SymbolFlags.Interface && !NOT_PROPS.has(s.name));
  expect(interfaces.length).toBeGreaterThan(40);
  const mismatches = interfaces.flatMap((symbol) => {
    const declared = checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(symbol))
      .map((p) => `${p.name}${p.flags & ts.SymbolFlags.Optional ? '?' : ''}`).sort();
    const table = declaredProps().get(symbol.name);
    const checked = table === undefined ? ['<no table>'] : Object.entries(table.fields as Record<string, { optional: boolean }>)
      .map(([key, field]) => `${key}${field.optional ? '?' : ''}`).sort();
    return JSON.stringify(declared) === JSON.stringify(checked) ? [] : [`${symbol.name}: declares ${declared.join(', ')}; table ${checked.join(', ')}`];
  });
  expect(mismatches).toEqual([]);
});
