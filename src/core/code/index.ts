export * from './languages';
export * from './grammar-loader';
export * from './symbols';
export * from './document-parser';
export * from './diff-hunks';
export * from './touched-symbols';
