import type { ColumnDataType, ColumnDefinitionBuilder } from 'kysely';

export type Dialect = 'sqlite' | 'postgres';

/** The few column-type differences between SQLite and PostgreSQL; migrations are otherwise shared. */
export interface MigrationHelpers {
  dialect: Dialect;
  id: ColumnDataType;
  text: ColumnDataType;
  json: ColumnDataType;
  ts: ColumnDataType;
  serial: ColumnDataType;
  autoIncrement: (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;
}

export function helpersFor(dialect: Dialect): MigrationHelpers {
  const pg = dialect === 'postgres';
  return {
    dialect,
    id: 'text',
    text: 'text',
    json: 'text',
    ts: pg ? 'bigint' : 'integer',
    serial: pg ? 'bigserial' : 'integer',
    autoIncrement: (c) => (pg ? c : c.autoIncrement()),
  };
}
