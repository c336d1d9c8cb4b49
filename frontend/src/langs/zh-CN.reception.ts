// Chinese messages of reception (AS-1, AS-4 – AS-9): the decisions on buyer
// messages and their reasons, the list's attention tag, the chat assistant's
// settings (聊天助手 → 辅助回复) and the agent's notifications; part of zh-CN.ts.

/**
 * The reasons of reception's decisions, by key (engine/reasons.go; the
 * window's words, kept in step by tests/reasons.spec.ts). {agent} is the
 * agent serving the conversation; reasonYou says the same of the agent at
 * this desk.
 */
export const reason = {
  auto_sent: '已自动发送：置信度 {confidence} ≥ {threshold}，知识库问题「{entry}」',
  closed: '未发送：会话已结束',
  human_replied: '未发送：人工客服已回复',
  buyer_card: '未发送：买家发来的是卡片',
  assist_off: '未发送：本店未开启辅助回复',
  no_agent: '未发送：会话在排队，还没有客服接待',
  auto_send_off: '未发送：本店未允许自动发送',
  agent_auto_send_off: '未发送：{agent} 关闭了自动发送',
  agent_not_online: '未发送：{agent} 不在线',
  window_silent: '未发送：{agent} 的窗口没有响应',
  viewing: '未发送：{agent} 正在看这个会话',
  auto_stopped: '未发送：此会话的自动回复已停止，等待人工回复',
  no_match: '未发送：知识库中没有匹配的回答',
  never_auto: '未发送：「{entry}」设置为禁止自动回复',
  below_threshold: '未发送：置信度 {confidence} 低于 {threshold}（「{entry}」）',
  missing_variables: '未发送：「{entry}」的回答缺少 {variables}',
  repeat: '未发送：同样的回复已在此会话中自动发送过',
  merged: '与买家的下一句一起回答',
  notice_assist_cannot: '辅助回复无法回答买家的这条消息（{why}），请尽快回复。',
  notice_repeat_stop: '同一条自动回复（「{entry}」）将在此会话中第二次发出，此会话的自动回复已停止，请尽快人工回复。',
  // AI drafts (LM-3), scenarios and platform rules (SA-2, SA-4, SA-8)
  auto_sent_draft: '已自动发送 AI 草稿：置信度 {confidence} ≥ {threshold}，依据知识库问题「{entry}」的回答撰写',
  robot_sent_draft: '机器人已回复 AI 草稿：置信度 {confidence} ≥ {threshold}，依据知识库问题「{entry}」的回答撰写',
  action_urge_warehouse: '已通知平台催促仓库发货（订单 {order}）',
  action_create_after_sales: '已通知平台为订单 {order} 创建售后申请',
  predict_order: '已发送订单预测卡片（{orders} 笔订单），请买家确认要咨询的订单',
  rule_forbids: '未发送：「{entry}」的回答含平台规则不允许的承诺 {words}',
  // The full-auto robot (RB-1 – RB-12)
  robot_sent: '机器人已回复：置信度 {confidence} ≥ {threshold}，知识库问题「{entry}」',
  robot_fallback: '机器人无法回答，已发送兜底回复（{why}）',
  robot_away: '买家继续追问，已发送非工作时间自动回复',
  robot_silent: '机器人不再回复，等待人工',
  robot_working_hours: '未发送：机器人只在非工作时间接待，现在是工作时间',
  auto_reply_off: '未发送：本店关闭了全局自动回复',
  off_window: '未发送：现在是本店关闭自动回复的时段',
  scene_rule: '未自动回复：命中场景规则 {rule}，已转人工',
  asked_human: '买家要求人工，已转人工并优先排队',
  sensitive: '未发送：「{entry}」的回答含敏感词 {words}',
  notice_robot_fallback: '机器人无法回答买家的这条消息（{why}），已发送兜底回复，请尽快回复。',
  notice_robot_handoff: '机器人已转人工（{why}），会话优先排队，请尽快回复。',
  // Buyers' ratings (RB-7, RB-8)
  notice_unsolved: '买家认为机器人的回答没有解决问题（{reason}），已转人工并优先排队，请尽快回复。',
  unsolved_too_long: '太长不读',
  unsolved_not_useful: '答案没用',
  unsolved_irrelevant: '答非所问',
  unsolved_other: '其他',
}

export const reasonYou = {
  agent_auto_send_off: '未发送：你关闭了自动发送',
  agent_not_online: '未发送：你不在线',
  window_silent: '未发送：你的窗口没有响应',
  viewing: '未发送：你正在看这个会话',
}

export const reception = {
  /** The tag of an assist message, agents only (AS-6). */
  autoSent: '自动发送',
  autoSentHint: '辅助回复自动发送的消息，买家看不到这个标记。点击查看原因',
  onBehalf: '代 {agent} 发送',
  onBehalfYou: '代你发送',
  reasonUnknown: '没有记录原因',
  /** A decision whose outcome or key this window does not know. */
  outcome: {
    suggest: '未自动发送',
    assist: '已自动发送',
    handoff: '需人工回复',
    merged: '与买家的下一句一起回答',
    robot: '机器人已回复',
    fallback: '机器人已发送兜底回复',
    away: '已发送非工作时间自动回复',
    predict: '已发送订单预测卡片',
    other: '自动回复：{outcome}',
  },
  decisionHint: '自动回复的判断 · {time}',
  /** System messages: notes to the agents, never sent to the buyer. */
  systemNote: '仅客服可见',
  attention: {
    assist_stopped: '需人工',
    assist_stoppedHint: '辅助回复无法回答或已停止自动回复，请尽快回复',
    robot_fallback: '机器人未答',
    robot_fallbackHint: '机器人无法回答，已发送兜底回复；请尽快回复',
    scene_rule: '场景规则',
    scene_ruleHint: '命中场景规则（如售后、12315、差评），不自动回复，已转人工',
    complaint: '投诉',
    complaintHint: '买家投诉：不自动回复，已转人工并优先排队，请尽快处理',
    human_requested: '要求人工',
    human_requestedHint: '买家要求人工，或认为机器人的回答没有解决问题；已优先排队',
    sensitive: '敏感词',
    sensitiveHint: '自动回复含敏感词，没有发出；请人工回复',
    other: '需人工',
    otherHint: '这个会话需要人工回复',
  },
}

export const assistant = {
  open: '聊天助手',
  openHint: '聊天助手：辅助回复、自动发送（按店铺设置）',
  title: '聊天助手',
  shop: '店铺',
  noShops: '还没有店铺',
  tabs: {
    assist: '辅助回复',
  },
  intro: '辅助回复为客服识别买家意图、推荐知识库答案；允许自动发送后，有把握的问题可以由它代客服直接回答。每个店铺分别设置。',
  loading: '正在读取设置…',
  loadFailed: '设置读取失败：{reason}',
  retry: '重试',
  save: '保存',
  cancel: '取消',
  saved: '{shop} 的聊天助手设置已保存，立即生效',
  saveFailed: '没有保存：{reason}',
  unsaved: '有未保存的修改',
  discardBody: '放弃对「{shop}」设置的修改？',
  discard: '放弃修改',
  keepEditing: '继续编辑',
  ownerOnly: '只有店铺主账号/管理员可以修改这些设置；你可以查看。',
  enabled: '辅助回复',
  enabledOn: '为客服识别买家意图并推荐回复',
  enabledOff: '已关闭：不推荐回复，也不自动发送',
  autoSend: '允许自动发送',
  autoSendHint: '客服正在看的会话只推荐；客服的其他会话里有把握的问题，由辅助回复代客服自动回答，并标记「自动发送」。每位客服还可以在聊天窗口里关闭自己的自动发送。',
  autoSendNeedsAssist: '需先开启辅助回复',
  threshold: '置信度阈值',
  thresholdHint: '只有置信度不低于这个值的回答才会自动发送；越高越稳妥，自动发送越少（{min}–{max}）。',
  thresholdDefault: '默认 {value}（按评测数据选定）',
  reset: '恢复默认',
  burstWait: '连发等待',
  burstWaitHint: '买家连着发几句时，等买家停顿这么久再合并成一句回答；0 表示每句立即回答（0–{max} 秒）。',
  seconds: '秒',
  draftAutoSend: '大模型草稿自动发送',
  draftAutoSendHint: '允许大模型写的草稿在知识库答案会自动发送的地方自动发出。默认关闭；需要先在「设置」里配置大模型，草稿平时只给客服参考。',
  draftNoLLM: '还没有启用大模型，这一项暂时不起作用',
  outOfRange: '请填 {min} 到 {max} 之间的数',
}

export const notify = {
  button: '通知',
  buttonHint: '桌面通知：已开启',
  buttonMutedHint: '桌面通知：已静音',
  title: '桌面通知',
  enabled: '桌面通知',
  enabledHint: '会话分配给你，或辅助回复无法回答你的会话时提醒你；2 秒内的合并成一条，正在看的会话不提醒。',
  sound: '提示音',
  stored: '只保存在这台电脑上，仅对 {name} 生效。',
  test: '发送测试通知',
  testTitle: '回复台 · 测试通知',
  testBody: '桌面通知可以正常显示',
  testSent: '已发送测试通知',
  testFailed: '无法显示桌面通知：{reason}',
  one: '{buyer} 需要你处理',
  many: '{n} 个会话需要你处理',
  assigned: '新会话分配给你 · {shop}',
  attention: '辅助回复无法回答，请尽快回复 · {shop}',
  names: '{names} 等',
}
