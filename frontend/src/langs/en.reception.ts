// English messages of reception (AS-1, AS-4 – AS-9): the decisions on buyer
// messages and their reasons, the list's attention tag, the chat assistant's
// settings and the agent's notifications; part of en.ts.
import type * as zh from './zh-CN.reception'

export const reason: typeof zh.reason = {
  auto_sent: 'Auto-sent: confidence {confidence} ≥ {threshold}, entry "{entry}"',
  closed: 'Not sent: the conversation is closed',
  human_replied: 'Not sent: a human already replied',
  buyer_card: 'Not sent: the buyer sent a card',
  assist_off: 'Not sent: assist is off for this shop',
  no_agent: 'Not sent: the conversation is queued; no agent serves it yet',
  auto_send_off: 'Not sent: auto-send is off for this shop',
  agent_auto_send_off: 'Not sent: {agent} turned auto-send off',
  agent_not_online: 'Not sent: {agent} is not online',
  window_silent: "Not sent: {agent}'s window stopped responding",
  viewing: 'Not sent: {agent} was looking at this conversation',
  auto_stopped: 'Not sent: automatic replies stopped in this conversation until someone replies',
  no_match: 'Not sent: nothing in the KB matches',
  never_auto: 'Not sent: entry "{entry}" is marked never auto-reply',
  below_threshold: 'Not sent: confidence {confidence} below {threshold} (entry "{entry}")',
  missing_variables: 'Not sent: the answer of entry "{entry}" needs {variables}',
  repeat: 'Not sent: this reply was already sent in this conversation',
  merged: "Answered with the buyer's next line",
  notice_assist_cannot: "Assist could not answer the buyer's message ({why}). Please reply soon.",
  notice_repeat_stop:
    'The same automatic reply (entry "{entry}") would have gone out twice in this conversation, so automatic replies stopped here. Please reply soon.',
}

export const reasonYou: typeof zh.reasonYou = {
  agent_auto_send_off: 'Not sent: you turned auto-send off',
  agent_not_online: 'Not sent: you are not online',
  window_silent: 'Not sent: your window stopped responding',
  viewing: 'Not sent: you were looking at this conversation',
}

export const reception: typeof zh.reception = {
  autoSent: 'Auto-sent',
  autoSentHint: 'Sent by assist on its own; the buyer sees no such tag. Click for the reason',
  onBehalf: 'on behalf of {agent}',
  onBehalfYou: 'on your behalf',
  reasonUnknown: 'No reason was recorded',
  outcome: {
    suggest: 'Not sent automatically',
    assist: 'Auto-sent',
    handoff: 'Needs a human reply',
    merged: "Answered with the buyer's next line",
    other: 'Automatic reply: {outcome}',
  },
  decisionHint: 'Why automatic replies did what they did · {time}',
  systemNote: 'Only agents see this',
  attention: {
    assist_stopped: 'Needs you',
    assist_stoppedHint: 'Assist could not answer or stopped replying on its own; please reply soon',
    other: 'Needs you',
    otherHint: 'This conversation needs a human reply',
  },
}

export const assistant: typeof zh.assistant = {
  open: 'Chat assistant',
  openHint: 'Chat assistant: assist mode and auto-send, per shop',
  title: 'Chat assistant',
  shop: 'Shop',
  noShops: 'No shops yet',
  tabs: {
    assist: 'Assist mode',
  },
  intro:
    "Assist mode recognises what buyers ask and recommends answers from the KB to the agents; with auto-send allowed, it answers confident questions on the agent's behalf. Each shop has its own settings.",
  loading: 'Loading the settings…',
  loadFailed: 'Could not load the settings: {reason}',
  retry: 'Retry',
  save: 'Save',
  cancel: 'Cancel',
  saved: 'Chat assistant settings of {shop} saved; they apply at once',
  saveFailed: 'Not saved: {reason}',
  unsaved: 'Unsaved changes',
  discardBody: 'Discard your changes to the settings of "{shop}"?',
  discard: 'Discard',
  keepEditing: 'Keep editing',
  ownerOnly: "Only the shop's owner or an admin can change these settings; you can look at them.",
  enabled: 'Assist mode',
  enabledOn: "Recognise buyers' intents and recommend replies to the agents",
  enabledOff: 'Off: no recommendations and nothing sent on its own',
  autoSend: 'Allow auto-send',
  autoSendHint:
    `The conversation an agent is looking at only gets suggestions; in the agent's other conversations, confident answers go out on their own, tagged "Auto-sent". Each agent can also turn their own auto-send off in the chat view.`,
  autoSendNeedsAssist: 'Turn assist mode on first',
  threshold: 'Confidence threshold',
  thresholdHint: 'Only answers at least this confident are sent on their own; higher is safer and sends less ({min}–{max}).',
  thresholdDefault: 'Default {value} (chosen on evaluation data)',
  reset: 'Reset to default',
  burstWait: 'Burst wait',
  burstWaitHint: 'When a buyer sends several lines in a row, wait until they pause this long and answer them as one; 0 answers each line at once (0–{max} s).',
  seconds: 's',
  draftAutoSend: 'Auto-send LLM drafts',
  draftAutoSendHint:
    'Let a draft written by the LLM go out on its own where a KB answer would. Off by default; needs an LLM set up in Settings. Otherwise drafts are only shown to agents.',
  draftNoLLM: 'No LLM is enabled, so this has no effect yet',
  outOfRange: 'Enter a number from {min} to {max}',
}

export const notify: typeof zh.notify = {
  button: 'Notifications',
  buttonHint: 'Desktop notifications: on',
  buttonMutedHint: 'Desktop notifications: muted',
  title: 'Desktop notifications',
  enabled: 'Desktop notifications',
  enabledHint:
    'Tell you when a conversation is assigned to you or assist cannot answer one of yours; what arrives within 2 s comes as one, and never for the conversation you are looking at.',
  sound: 'Sound',
  stored: 'Kept on this computer only, for {name}.',
  test: 'Send a test notification',
  testTitle: 'ReplyDesk · test notification',
  testBody: 'Desktop notifications work',
  testSent: 'Test notification sent',
  testFailed: 'Desktop notifications cannot be shown: {reason}',
  one: '{buyer} needs you',
  many: '{n} conversations need you',
  assigned: 'New conversation assigned to you · {shop}',
  attention: 'Assist could not answer; please reply soon · {shop}',
  names: '{names} and others',
}
