/**
 * npm start: builds the functions, serves the local cloud on 127.0.0.1:${PORT:-8787}, and loads the demo
 * data when the data folder is new (or with --demo).
 */
import { buildFunctions } from '../build'
import { ensureBuilt } from '../admin-page'
import { startLocalCloud } from './server'
import { loadDemo } from '../demo'

async function main(): Promise<void> {
  await buildFunctions()
  // the back office page the admin function serves at /admin/ (built when its source changed)
  await ensureBuilt()
  const cloud = await startLocalCloud({
    port: Number(process.env.PORT ?? 8787),
    handlers: 'bundle',
    log: true,
    // answer 503 + Retry-After until the demo is in: never `rooms: []` from a half-loaded cloud
    ready: false,
    demo: (c) => loadDemo(c, { replace: true }),
  })
  const fresh = (await cloud.db.collection('stores').count()).total === 0
  if (fresh || process.argv.includes('--demo')) {
    console.log('加载演示数据…')
    const summary = await loadDemo(cloud, {
      replace: !fresh,
      onProgress: (line: string) => console.log(`  ${line}`),
    })
    console.log(summary)
  }
  cloud.setReady()
  console.log(`本地云已启动: ${cloud.url}`)
  console.log(`  云函数   POST ${cloud.url}/fn/<name>   (header x-wx-openid)`)
  console.log(`  后台     ${cloud.url}/admin/`)
  console.log(`  模拟器   ${cloud.url}/sim/wechat/state  ${cloud.url}/sim/saobei/state`)
  const stop = () => {
    void cloud.close().then(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
