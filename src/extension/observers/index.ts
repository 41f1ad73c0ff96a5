export * from './commit-observer';
export * from './edit-observer';
export * from './navigation-observer';
export * from './observed-documents';
export * from './observer-options';
export * from './observer-settings';
export * from './provider-jump-classifier';
export * from './tree-sitter-resolver';
