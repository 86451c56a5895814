/** Who is signed in: loaded once from `me`, set by `login`, cleared by `logout` or a 401. */
import { reactive } from 'vue'
import type { Role, Session } from './contract'
import { ApiError, request, setCsrfToken } from './request'

export const session = reactive<{ user: Session | null; loaded: boolean }>({ user: null, loaded: false })

function adopt(user: Session | null): void {
  session.user = user
  session.loaded = true
  setCsrfToken(user?.csrfToken ?? '')
}

/** Asks the server once per page load whether the cookie still holds a session. */
export async function loadSession(): Promise<Session | null> {
  if (session.loaded) return session.user
  try {
    adopt(await request('GET me'))
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 401) throw e
    adopt(null)
  }
  return session.user
}

export async function login(username: string, password: string): Promise<Session> {
  const user = await request('POST login', { username, password })
  adopt(user)
  return user
}

export async function logout(): Promise<void> {
  try {
    await request('POST logout', {})
  } finally {
    adopt(null)
  }
}

/** Forgets the session without asking the server (it already said 401). */
export function dropSession(): void {
  adopt(null)
}

export const ROLE_LABELS: Record<Role, string> = { owner: '店主', operator: '运营', assistant: '主播助手' }
