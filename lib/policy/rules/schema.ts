import { Rule } from '../rule';
import { deprecatedApiReplacement } from './metadata';
import { defaultSchemaValidator, SCHEMA_SOURCES } from '../schema/validate';

const valid: Rule = {
  id: 'schema-valid', severity: 'error', sources: ['Kubernetes'],
  title: 'Objects match the schema of their kind (Kubernetes 1.28, Gateway API v1.6.1): types, required fields, no unknown fields',
  rationale: 'The API server rejects an object of the wrong shape, and drops or rejects fields it does not know: a typo silently loses a setting.',
  fix: 'Correct the field named in the finding: its spelling, its indentation, or the type of its value (quote strings such as "8080").',
  check: (index, emit) => {
    const validator = defaultSchemaValidator();
    for (const entry of index.all) {
      const problems = validator.validate(entry.manifest);
      if (!problems || problems.length === 0) continue;
      emit(entry, problems.map((p) => (p.field ? `${p.field}: ${p.message}` : p.message)).join('; '),
        [...new Set(problems.map((p) => p.field).filter((f) => f !== ''))]);
    }
  },
};

const knownKind: Rule = {
  id: 'schema-known-kind', severity: 'warning', sources: ['Shipshape'],
  title: 'Every object is of a kind with a known schema, so it can be validated',
  rationale: `An object of an unknown apiVersion and kind (a typo, a removed version, a custom resource) is not validated: ${SCHEMA_SOURCES.join('; ')} are known.`,
  fix: 'Check apiVersion and kind; for a custom resource, validate it with its CRD (or suppress this rule on it with the reason).',
  check: (index, emit) => {
    const validator = defaultSchemaValidator();
    for (const entry of index.all) {
      const { apiVersion, kind } = entry.manifest;
      // A removed apiVersion has no schema; api-deprecated already names its replacement.
      if (!validator.knows(apiVersion, kind) && !deprecatedApiReplacement(apiVersion, kind)) {
        emit(entry, `no schema for ${entry.manifest.apiVersion} ${entry.manifest.kind}: not validated`, ['apiVersion', 'kind']);
      }
    }
  },
};

/** Rules on the shape of objects: their schema. */
export const SCHEMA_RULES: readonly Rule[] = [valid, knownKind];
