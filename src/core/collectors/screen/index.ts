/** The screen collector and the parts it is built from. */
export * from './active-window';
export * from './run-tool';
export * from './screen-collector';
export * from './screen-exclusions';
export * from './screen-memories';
export * from './window-ocr';
export * from './window-sessions';
