export * from './computer-use/vnc';
