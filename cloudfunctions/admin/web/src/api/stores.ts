/** The merchant's stores, fetched once per page load: every filter and form picks from them. */
import { ref } from 'vue'
import { request } from './request'

export const stores = ref<Array<{ storeId: string; name: string }>>([])
let loading: Promise<void> | null = null

export function loadStores(): Promise<void> {
  loading ??= request('GET stores')
    .then((res) => {
      stores.value = res.items
    })
    .catch(() => {
      loading = null
    })
  return loading
}

export function storeName(storeId: string | undefined): string {
  if (!storeId) return '—'
  return stores.value.find((s) => s.storeId === storeId)?.name ?? storeId
}

export function storeOptions(): Array<{ label: string; value: string }> {
  return stores.value.map((s) => ({ label: `${s.name}（${s.storeId}）`, value: s.storeId }))
}
