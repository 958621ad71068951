import { GraphQLError, GraphQLScalarType, Kind, valueFromASTUntyped } from 'graphql';

function badInput(message: string) {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

/** Any JSON value, passed as it is. */
export const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables),
});

/** The input of createFlow: an object (see the schema); checked in the resolver. */
export const CreateFlowInputScalar = new GraphQLScalarType({
  name: 'createFlowInput',
  serialize: (value) => value,
  parseValue: (value) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw badInput('createFlowInput must be an object.');
    }
    return value;
  },
  parseLiteral: (ast, variables) => {
    if (ast.kind !== Kind.OBJECT) throw badInput('createFlowInput must be an object.');
    return valueFromASTUntyped(ast, variables);
  },
});

function parseDateTime(value: unknown): string {
  if (typeof value !== 'string' || value.length > 64 || Number.isNaN(Date.parse(value))) {
    throw badInput(`DateTime must be an ISO-8601 string, e.g. "2019-10-01T12:00:00Z".`);
  }
  return new Date(value).toISOString();
}

/** ISO-8601 date-times; inputs are normalised to UTC. */
export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  serialize: (value) => (value instanceof Date ? value.toISOString() : value),
  parseValue: parseDateTime,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw badInput('DateTime must be a string.');
    return parseDateTime(ast.value);
  },
});
