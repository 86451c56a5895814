/** Asks before a destructive action; the action runs once, on 确定, with the button busy meanwhile. */
import { DialogPlugin } from 'tdesign-vue-next'

export function confirmThen(
  header: string,
  body: string,
  action: () => Promise<void>,
  confirmText = '确定',
): void {
  const dialog = DialogPlugin.confirm({
    header,
    body,
    theme: 'warning',
    confirmBtn: { content: confirmText, theme: 'danger' },
    cancelBtn: '取消',
    onConfirm: async () => {
      dialog.update({ confirmBtn: { content: confirmText, theme: 'danger', loading: true } })
      try {
        await action()
      } finally {
        dialog.destroy()
      }
    },
  })
}
