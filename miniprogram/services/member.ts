import { call } from './cloud'

/** Who the member is: bound card or not. */
export const fetchProfile = () => call('member', { action: 'profile' })
