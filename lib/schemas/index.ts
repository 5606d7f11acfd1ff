export * from './categories';
export * from './common';
export * from './event';
export * from './thread';
