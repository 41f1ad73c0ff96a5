export * from './draft';
export * from './staged-change';
export * from './memory-recaller';
export * from './commit-convention';
export * from './commit-drafter';
export * from './reply-drafter';
export * from './feedback';
