/**
 * The ports: what the use cases need from the outside world, as interfaces, one file per concern.
 * Adapters implement them (CloudBase database, WeChat live API, 扫呗); the composition root wires them.
 */
export type * from './clock'
export type * from './wechat'
export type * from './payment'
export type * from './repos'
