/**
 * setup:cloud's initial data on an empty environment (the emulated database here): the settings document
 * and the first owner, written once; a second run changes nothing; the owner can then log in.
 */
import { bootstrap, SAOBEI_API, WECHAT_API } from '../../scripts/deploy/bootstrap'
import { createLocalDatabase } from '../../cloudfunctions/_shared/adapters/local/database'
import { createRepos } from '../../cloudfunctions/_shared/adapters/db'
import { verifyPassword } from '../../cloudfunctions/_shared/app/merchant/staff'

const options = { appid: 'wx0123456789abcdef', notifyUrl: 'https://env-1.service.tcloudbase.com/payNotify' }

test('settings and the owner are created once; without a password the owner waits, named', async () => {
  const db = createLocalDatabase()
  try {
    const first = await bootstrap(db, { ...options, ownerPassword: undefined })
    expect(first).toMatchObject({ settings: 'created', owner: 'skipped' })
    expect(first.note).toContain('ADMIN_PASSWORD')
    const settings = await createRepos(db).settings.get()
    expect(settings).toMatchObject({
      wechat: { appid: options.appid, secret: '', baseUrl: WECHAT_API },
      saobei: { baseUrl: SAOBEI_API, token: '' },
      notifyUrl: options.notifyUrl,
    })

    expect(await bootstrap(db, { ...options, ownerPassword: 'short' })).toMatchObject({ owner: 'skipped' })
    expect(await bootstrap(db, { ...options, ownerPassword: 'a-long-Passw0rd' })).toEqual({
      settings: 'unchanged',
      owner: 'created',
    })
    const owner = await createRepos(db).staff.get('owner')
    expect(owner).toMatchObject({ role: 'owner', active: true })
    expect(await verifyPassword('a-long-Passw0rd', owner?.passwordHash ?? '')).toBe(true)
    expect(await bootstrap(db, { ...options, ownerPassword: 'another-Passw0rd' })).toEqual({
      settings: 'unchanged',
      owner: 'unchanged',
    })
  } finally {
    db.close()
  }
})
