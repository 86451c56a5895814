/** 扫呗 times by a fixed UTC+8 offset agree with the Asia/Shanghai zone database for every instant since 1992. */
import dayjs from 'dayjs'
import timezone from 'dayjs/plugin/timezone'
import utc from 'dayjs/plugin/utc'
import { fromSaobeiTime, toSaobeiTime } from '../../cloudfunctions/_shared/adapters/saobei/time'

dayjs.extend(utc)
dayjs.extend(timezone)

test('toSaobeiTime equals dayjs in Asia/Shanghai, and round-trips, over 5 000 instants 1992–2100', () => {
  const from = Date.UTC(1992, 0, 1)
  const to = Date.UTC(2100, 0, 1)
  for (let i = 0; i < 5000; i++) {
    const ms = Math.floor(from + ((to - from) * i) / 5000 + (i % 1000) * 997)
    const text = toSaobeiTime(ms)
    expect(text).toBe(dayjs(ms).tz('Asia/Shanghai').format('YYYYMMDDHHmmss'))
    expect(fromSaobeiTime(text)).toBe(Math.floor(ms / 1000) * 1000)
  }
})
