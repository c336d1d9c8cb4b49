import { NButton, useDialog, useMessage } from 'naive-ui'
import { h } from 'vue'
import { useI18n } from 'vue-i18n'

import { errorText } from '../i18n'
import { useKBStore } from '../stores/kb'

/**
 * useEditorGuard returns guarded(action): the action runs at once when the KB
 * editor has no unsaved changes; otherwise the agent is asked first whether
 * to save them, discard them or keep editing (then the action does not run).
 */
export function useEditorGuard(): (action: () => void | Promise<void>) => Promise<void> {
  const { t } = useI18n()
  const dialog = useDialog()
  const message = useMessage()
  const kb = useKBStore()

  return async (action) => {
    if (!kb.dirty) {
      await action()
      return
    }
    const choice = await new Promise<'save' | 'discard' | 'keep'>((resolve) => {
      let settled = false
      const settle = (c: 'save' | 'discard' | 'keep') => {
        if (!settled) {
          settled = true
          resolve(c)
          d.destroy()
        }
      }
      const q = kb.draft?.question.trim() || t('kb.editor.untitled')
      const d = dialog.warning({
        title: t('kb.editor.unsavedTitle'),
        content: t('kb.editor.unsavedBody', { q }),
        closable: true,
        onClose: () => settle('keep'),
        onMaskClick: () => settle('keep'),
        onEsc: () => settle('keep'),
        action: () =>
          h('div', { class: 'rd-dialog-actions' }, [
            h(NButton, { size: 'small', onClick: () => settle('keep'), 'data-testid': 'kb-guard-keep' }, () => t('kb.editor.keepEditing')),
            h(NButton, { size: 'small', onClick: () => settle('discard'), 'data-testid': 'kb-guard-discard' }, () => t('kb.editor.discard')),
            h(
              NButton,
              { size: 'small', type: 'primary', onClick: () => settle('save'), 'data-testid': 'kb-guard-save' },
              () => t('kb.editor.saveAndGo'),
            ),
          ]),
      })
    })
    if (choice === 'keep') {
      return
    }
    if (choice === 'save' && !(await kb.save())) {
      if (kb.saveError) {
        message.error(t('kb.editor.saveFailed', { reason: errorText(kb.saveError) }))
      }
      return
    }
    await action()
  }
}
