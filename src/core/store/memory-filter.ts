import { MemoryKind } from '../types';

/** What recall, forget and stats can narrow memories by. */
export interface MemoryFilter {
  source?: string;
  author?: string;
  kind?: MemoryKind;
  channel?: string;
  thread?: string;
  project?: string;
  /** Inclusive bounds, epoch ms. */
  since?: number;
  until?: number;
}

export function quoteSql(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** Builds a LanceDB (DataFusion SQL) predicate; undefined when the filter is empty. */
export function filterToSql(filter: MemoryFilter): string | undefined {
  const clauses: string[] = [];
  if (filter.source) clauses.push(`array_has(sources, ${quoteSql(filter.source)})`);
  if (filter.author) clauses.push(`author = ${quoteSql(filter.author)}`);
  if (filter.kind) clauses.push(`kind = ${quoteSql(filter.kind)}`);
  if (filter.channel) clauses.push(`channel = ${quoteSql(filter.channel)}`);
  if (filter.thread) clauses.push(`thread = ${quoteSql(filter.thread)}`);
  if (filter.project) clauses.push(`project = ${quoteSql(filter.project)}`);
  if (filter.since !== undefined) clauses.push(`timestamp >= ${Number(filter.since)}`);
  if (filter.until !== undefined) clauses.push(`timestamp <= ${Number(filter.until)}`);
  return clauses.length ? clauses.join(' AND ') : undefined;
}
