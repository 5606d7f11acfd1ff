export * from './format';
export * from './member';
export * from './playbook';
export * from './react';
export * from './services';
export * from './shortcut';
export * from './store';
