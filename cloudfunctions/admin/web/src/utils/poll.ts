/**
 * Polling without stacking: the next request starts only after the last answer (VueUse's
 * useTimeoutPoll, not setInterval, which piles up slow requests). Fast while the tab is visible, slow
 * while hidden; a tab coming back asks at once.
 */
import { onBeforeUnmount, onMounted, ref } from 'vue'

export interface PollOptions {
  visibleMs: number
  hiddenMs: number
}

export function usePoll(tick: () => Promise<void>, opts: PollOptions) {
  const running = ref(false)
  let timer: ReturnType<typeof setTimeout> | undefined
  let inFlight = false
  let stopped = true

  const delay = (): number => (document.visibilityState === 'hidden' ? opts.hiddenMs : opts.visibleMs)

  async function run(): Promise<void> {
    if (inFlight || stopped) return
    clearTimeout(timer)
    inFlight = true
    try {
      await tick()
    } catch {
      // the tick shows its own error; polling carries on
    } finally {
      inFlight = false
      if (!stopped) timer = setTimeout(() => void run(), delay())
    }
  }

  function onVisibility(): void {
    if (document.visibilityState === 'visible' && !inFlight) void run()
  }

  function start(): void {
    if (!stopped) return
    stopped = false
    running.value = true
    void run()
  }

  function stop(): void {
    stopped = true
    running.value = false
    clearTimeout(timer)
  }

  onMounted(() => document.addEventListener('visibilitychange', onVisibility))
  onBeforeUnmount(() => {
    stop()
    document.removeEventListener('visibilitychange', onVisibility)
  })

  /** Ask now (after a write), unless a request is already on its way. */
  const now = (): Promise<void> => run()

  return { start, stop, now, running }
}
