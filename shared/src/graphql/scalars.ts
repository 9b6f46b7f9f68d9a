import { GraphQLScalarType, Kind } from 'graphql';
import { badUserInput } from '../errors';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

function toIso(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number') return new Date(value).toISOString();
  if (typeof value === 'string') return new Date(value).toISOString();
  throw new TypeError('DateTime cannot represent this value');
}

function parseDateTime(value: unknown): Date {
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value)) || !/^\d{4}-\d{2}-\d{2}T/.test(value)) {
    throw badUserInput('DateTime must be an ISO 8601 date-time with offset');
  }
  return new Date(value);
}

export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  serialize: toIso,
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined),
});

/** ISO calendar date YYYY-MM-DD; the value inside resolvers stays the string. */
export function parseDate(value: unknown): string {
  if (typeof value !== 'string' || !DATE_RE.test(value)) throw badUserInput('Date must be YYYY-MM-DD');
  const d = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) throw badUserInput('Date must be a real calendar date');
  return value;
}

export const DateScalar = new GraphQLScalarType({
  name: 'Date',
  serialize: (v) => (typeof v === 'string' ? v : toIso(v).slice(0, 10)),
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
});
