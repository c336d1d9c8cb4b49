import { useDialog } from 'naive-ui'
import { onMounted, onUnmounted } from 'vue'
import { useI18n } from 'vue-i18n'

import { onFeedbackChanged, onFeedbackJob, onReplayOffer, type Unsubscribe } from '../api/events'
import type { ReplayOffer } from '../api/feedbackTypes'
import { useAppStore } from '../stores/app'
import { useFeedbackStore } from '../stores/feedback'
import { useReplayStore } from '../stores/replay'
import { useUnansweredStore } from '../stores/unanswered'

/**
 * useFeedbackEvents keeps the feedback loop's stores in step with what the Go
 * side pushes, for as long as the calling component (the desk's layout) is
 * mounted: proposals and review items made or decided (the top bar's count
 * and the lists), the progress of replays and analyses, and the robot or
 * auto-send switched on, which offers a replay (FB-5). (Whether the KB
 * changed since a replay the backend tells with the replay's status.)
 */
export function useFeedbackEvents(): void {
  const { t } = useI18n()
  const dialog = useDialog()
  const app = useAppStore()
  const feedback = useFeedbackStore()
  const replay = useReplayStore()
  const unanswered = useUnansweredStore()
  const offs: Unsubscribe[] = []

  function offer(e: ReplayOffer): void {
    dialog.info({
      title: t('feedback.replay.offerTitle'),
      content: t(e.key === 'robot.enabled' ? 'feedback.replay.offerRobot' : 'feedback.replay.offerAutoSend'),
      positiveText: t('feedback.replay.offerYes'),
      negativeText: t('feedback.replay.offerNo'),
      onPositiveClick: () => {
        feedback.setShop(e.shopId)
        feedback.setTab('replay')
        app.show('feedback')
        void replay.start().catch(() => replay.load())
      },
    })
  }

  onMounted(() => {
    offs.push(
      onFeedbackChanged((e) => feedback.changed(e.shopId)),
      onFeedbackJob((e) => {
        replay.job(e)
        unanswered.job(e)
      }),
      onReplayOffer(offer),
    )
  })
  onUnmounted(() => {
    for (const off of offs.splice(0)) {
      off()
    }
  })
}
