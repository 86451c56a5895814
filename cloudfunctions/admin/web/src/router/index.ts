/**
 * Hash routes (so /admin/#/… needs no rewrite rules in the function) and the one guard: without a
 * session → #/login; a section the role may not use → the first one it may.
 */
import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router'
import { MessagePlugin } from 'tdesign-vue-next'
import { can, type AccessCode } from '../access'
import { loadSession, dropSession } from '../api/session'
import { onSessionLost } from '../api/request'
import BasicLayout from '../layout/BasicLayout.vue'

declare module 'vue-router' {
  interface RouteMeta {
    title?: string
    code?: AccessCode
    /** Shown in the side menu. */
    menu?: boolean
    icon?: string
    public?: boolean
  }
}

export const sections: RouteRecordRaw[] = [
  {
    path: 'enablement',
    name: 'enablement',
    component: () => import('../pages/enablement/index.vue'),
    meta: { title: '开通直播', code: 'enablement:view', menu: true },
  },
  {
    path: 'goods',
    name: 'goods',
    component: () => import('../pages/goods/index.vue'),
    meta: { title: '商品库管理', code: 'goods:view', menu: true },
  },
  {
    path: 'rooms',
    name: 'rooms',
    component: () => import('../pages/rooms/index.vue'),
    meta: { title: '直播间管理', code: 'rooms:view', menu: true },
  },
  {
    path: 'shelf/:roomId?',
    name: 'shelf',
    component: () => import('../pages/shelf/index.vue'),
    meta: { title: '直播间导入商品', code: 'shelf:write', menu: true },
  },
  {
    path: 'monitor/:roomId?',
    name: 'monitor',
    component: () => import('../pages/monitor/index.vue'),
    meta: { title: '直播间实时监控', code: 'monitor:view', menu: true },
  },
  {
    path: 'orders',
    name: 'orders',
    component: () => import('../pages/orders/index.vue'),
    meta: { title: '订单', code: 'orders:view', menu: true },
  },
  {
    path: 'lottery',
    name: 'lottery',
    component: () => import('../pages/lottery/index.vue'),
    meta: { title: '抽奖兑奖', code: 'lottery:view', menu: true },
  },
  {
    path: 'feeds',
    name: 'feeds',
    component: () => import('../pages/feeds/index.vue'),
    meta: { title: '数据对接', code: 'feeds:write', menu: true },
  },
  {
    path: 'settings',
    name: 'settings',
    component: () => import('../pages/settings/index.vue'),
    meta: { title: '设置', code: 'settings', menu: true },
  },
  {
    path: 'staff',
    name: 'staff',
    component: () => import('../pages/staff/index.vue'),
    meta: { title: '员工', code: 'staff', menu: true },
  },
  {
    path: 'audit-log',
    name: 'audit-log',
    component: () => import('../pages/audit-log/index.vue'),
    meta: { title: '操作日志', code: 'audit-log', menu: true },
  },
]

/** The first section the signed-in role may open (the assistant's is the live monitor). */
export function homeRoute(): string {
  // an assistant works in the live monitor; the others start at the top of the menu
  if (can('monitor:view') && !can('goods:write')) return '/monitor'
  const first = sections.find((s) => s.meta?.code && can(s.meta.code) && s.name !== 'shelf')
  if (!first) return '/login'
  return `/${String(first.path).replace(/\/:.*$/, '')}`
}

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
  dropSession()
  const current = router.currentRoute.value
  if (current.name !== 'login') void router.push({ name: 'login', query: { redirect: current.fullPath } })
})
