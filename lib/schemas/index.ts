export * from './api';
export * from './categories';
export * from './common';
export * from './event';
export * from './member';
export * from './reports';
export * from './thread';
