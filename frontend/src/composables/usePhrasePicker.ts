import { useMessage } from 'naive-ui'
import { computed, nextTick, ref, watch } from 'vue'
import { useI18n } from 'vue-i18n'

import type { QuickPhrase } from '../api/phrases'
import { errorText } from '../i18n'
import { filterPhrases, insertAt, replaceSlash, slashAt, type Slash } from '../phrases/slash'
import { useConversationsStore } from '../stores/conversations'
import { usePhrasesStore } from '../stores/phrases'

/** The most phrases the `/` picker lists. */
const maxShown = 50

/**
 * usePhrasePicker gives the reply box its quick phrases (CV-3): the `/`
 * picker (typing `/` at the start or after a space lists the phrases
 * matching what follows; ↑/↓ move, Enter or Tab insert, Esc closes) and the
 * insertion of a phrase, its variables filled for the open conversation,
 * into the box — never sent: the agent sends with Enter.
 */
export function usePhrasePicker(textarea: () => HTMLTextAreaElement | null | undefined) {
  const { t } = useI18n()
  const message = useMessage()
  const conversations = useConversationsStore()
  const store = usePhrasesStore()

  const slash = ref<Slash | null>(null)
  const index = ref(0)
  const inserting = ref(false)

  const shopId = computed(() => conversations.active?.shopId ?? 0)
  const open = computed(() => slash.value !== null && shopId.value > 0)
  const items = computed(() =>
    slash.value === null ? [] : filterPhrases(store.phrases(shopId.value), slash.value.query).slice(0, maxShown),
  )
  const error = computed(() => (store.loadError === null ? '' : t('phrases.loadFailed', { reason: errorText(store.loadError) })))

  watch(
    () => slash.value?.query,
    () => {
      index.value = 0
    },
  )
  watch(
    () => conversations.activeId,
    () => close(),
  )

  /** sync follows the text and the caret of the box: it opens, filters or closes the picker. */
  function sync(): void {
    const el = textarea()
    const text = conversations.draft.text
    const caret = el !== null && el !== undefined && document.activeElement === el ? el.selectionStart : text.length
    const next = slashAt(text, caret)
    if (next !== null && slash.value === null && shopId.value > 0) {
      void store.ensureLoaded(shopId.value)
    }
    slash.value = next
  }

  function close(): void {
    slash.value = null
  }

  /** onKeydown handles the picker's keys; it returns whether it took the key. */
  function onKeydown(e: KeyboardEvent): boolean {
    if (inserting.value && e.key === 'Enter') {
      e.preventDefault() // the phrase is on its way: Enter must not send the `/query`
      return true
    }
    if (!open.value) {
      return false
    }
    const n = items.value.length
    switch (e.key) {
      case 'ArrowDown':
        index.value = n === 0 ? 0 : (index.value + 1) % n
        break
      case 'ArrowUp':
        index.value = n === 0 ? 0 : (index.value - 1 + n) % n
        break
      case 'Enter':
      case 'Tab': {
        if (e.shiftKey && e.key === 'Enter') {
          return false
        }
        const p = items.value[index.value]
        if (p === undefined) {
          if (e.key === 'Tab') {
            return false
          }
          close() // nothing to insert: Enter sends what is typed
          return false
        }
        void insert(p)
        break
      }
      case 'Escape':
        close()
        break
      default:
        return false
    }
    e.preventDefault()
    e.stopPropagation()
    return true
  }

  /**
   * insert puts a phrase, rendered for the open conversation, in the box: in
   * place of the `/query` being typed, else at the caret. Variables with no
   * value stay in braces and the agent is told which to fill in.
   */
  async function insert(p: QuickPhrase): Promise<void> {
    const id = conversations.activeId
    if (id === null || inserting.value) {
      return
    }
    const typed = slash.value
    close()
    inserting.value = true
    try {
      const r = await store.render(p, id)
      if (conversations.activeId !== id) {
        return
      }
      const text = conversations.draft.text
      const el = textarea()
      const still = typed !== null && text.slice(typed.start, typed.end) === `/${typed.query}`
      const next = still ? replaceSlash(text, typed, r.text) : insertAt(text, el?.selectionStart ?? null, r.text)
      conversations.editDraft(next.text)
      if (r.missing.length > 0) {
        message.warning(t('phrases.fillIn', { vars: r.missing.map((v) => t(`variable.${v}`)).join(t('list.separator')) }))
      }
      await nextTick()
      const box = textarea()
      if (box !== null && box !== undefined) {
        box.focus()
        box.setSelectionRange(next.caret, next.caret)
      }
    } catch (err) {
      message.error(t('phrases.insertFailed', { reason: errorText(err) }))
    } finally {
      inserting.value = false
    }
  }

  return { slash, open, items, index, error, loading: computed(() => store.loading), shopId, sync, close, onKeydown, insert }
}
