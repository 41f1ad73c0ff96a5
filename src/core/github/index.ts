export * from './github-errors';
export * from './github-client';
export * from './pr-reference';
export * from './patch-lines';
export * from './pull-request';
export * from './review-history';
export * from './post-review';
export * from './learn-reviews';
