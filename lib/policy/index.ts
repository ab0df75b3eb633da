export * from './types';
export * from './pss';
