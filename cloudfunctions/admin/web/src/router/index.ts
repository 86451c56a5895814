/**
 * Hash routes (so /admin/#/… needs no rewrite rules in the function) and the one guard: without a
 * session → #/login; a section the role may not use → the first one it may.
 */
import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router'
import { MessagePlugin } from 'tdesign-vue-next'
import { can, type AccessCode } from '../access'
import { SECTIONS, homeRoute, type Section } from './sections'
import { loadSession, dropSession, session } from '../api/session'
import { onSessionLost } from '../api/request'
import BasicLayout from '../layout/BasicLayout.vue'

declare module 'vue-router' {
  interface RouteMeta {
    title?: string
    code?: AccessCode
    public?: boolean
  }
}

const PAGES = {
  enablement: () => import('../pages/enablement/index.vue'),
  goods: () => import('../pages/goods/index.vue'),
  rooms: () => import('../pages/rooms/index.vue'),
  shelf: () => import('../pages/shelf/index.vue'),
  monitor: () => import('../pages/monitor/index.vue'),
  orders: () => import('../pages/orders/index.vue'),
  lottery: () => import('../pages/lottery/index.vue'),
  feeds: () => import('../pages/feeds/index.vue'),
  settings: () => import('../pages/settings/index.vue'),
  staff: () => import('../pages/staff/index.vue'),
  'audit-log': () => import('../pages/audit-log/index.vue'),
} satisfies Record<Section['name'], unknown>

const sections: RouteRecordRaw[] = SECTIONS.map((s) => ({
  path: s.path,
  name: s.name,
  component: PAGES[s.name],
  meta: { title: s.title, code: s.code },
}))

export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    {
      path: '/login',
      name: 'login',
      component: () => import('../pages/login/index.vue'),
      meta: { title: '登录', public: true },
    },
    { path: '/', component: BasicLayout, children: [...sections, { path: '', redirect: () => homeRoute() }] },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
})

router.beforeEach(async (to) => {
  let user = null
  try {
    user = await loadSession()
  } catch {
    // the server is unreachable: the login page says so when it tries
  }
  if (to.meta.public) return user && to.name === 'login' ? homeRoute() : true
  if (!user) return { name: 'login', query: { redirect: to.fullPath } }
  if (to.meta.code && !can(to.meta.code)) return homeRoute()
  return true
})

router.afterEach((to) => {
  // a toast belongs to the section that raised it
  MessagePlugin.closeAll()
  document.title = to.meta.title ? `${to.meta.title} · 直播卖货管理` : '直播卖货管理'
})

// a 401 from any call: the session ended (expired, revoked, or signed out in another tab)
onSessionLost(() => {
  // a 401 before any session was known (the first `me`, a wrong password) is the guard's business
  if (!session.user) return
  dropSession()
  const current = router.currentRoute.value
  if (current.name !== 'login') void router.push({ name: 'login', query: { redirect: current.fullPath } })
})
