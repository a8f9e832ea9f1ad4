/** KQL scalar types, as written in KQL and in schema files. */
export const KQL_TYPES = [
  'string',
  'long',
  'int',
  'real',
  'decimal',
  'bool',
  'datetime',
  'timespan',
  'dynamic',
  'guid',
] as const;

export type KqlType = (typeof KQL_TYPES)[number];

/** KQL join kinds (`kind=`), in the syntax tree and in the plan alike. */
export type JoinKind =
  | 'innerunique'
  | 'inner'
  | 'leftouter'
  | 'rightouter'
  | 'fullouter'
  | 'leftsemi'
  | 'rightsemi'
  | 'leftanti'
  | 'rightanti';

export function isKqlType(name: string): name is KqlType {
  return (KQL_TYPES as readonly string[]).includes(name);
}

/** Normalises KQL type aliases (`boolean`, `double`, `date`, `time`, `uuid`…) to the canonical name. */
export function kqlTypeFromName(name: string): KqlType | undefined {
  const n = name.toLowerCase();
  switch (n) {
    case 'boolean':
      return 'bool';
    case 'double':
      return 'real';
    case 'date':
      return 'datetime';
    case 'time':
      return 'timespan';
    case 'uuid':
    case 'uniqueid':
      return 'guid';
    case 'int64':
      return 'long';
    case 'int32':
      return 'int';
    default:
      return isKqlType(n) ? n : undefined;
  }
}

export function isNumeric(t: KqlType): boolean {
  return t === 'long' || t === 'int' || t === 'real' || t === 'decimal';
}

/** The SQL dialects rule2sql prints. */
export const DIALECTS = ['sqlite', 'postgres', 'athena'] as const;
export type Dialect = (typeof DIALECTS)[number];
