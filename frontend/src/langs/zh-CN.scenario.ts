// Chinese messages of the smart assistant's scenarios (智能助手, SA-1 – SA-8):
// the prompt above the input box, the script editor, reports, the
// order-prediction card; and of knowing when not to answer ([3/7]): LLM
// drafts, "nothing fits", what a confidence was made of and what a
// threshold is expected to give (LM-3, KB-6). Part of zh-CN.ts.

/** The prompt above the input box (SA-1, SA-4, SA-8). */
export const scenario = {
  title: '智能助手',
  titleHint: '买家问到特定问题时，按订单状态推荐话术和操作，无需配置',
  intent: '买家意图',
  noOrder: '未确认订单',
  noOrderCandidates: '买家有 {n} 个未完成订单',
  promised: '承诺 {time} 前发货',
  overdue: '已超时',
  overdueHint: '已超过承诺发货时间（{time}）',
  scripts: '推荐话术',
  copy: '复制',
  copyHint: '复制到输入框，修改只对这次回复生效',
  send: '发送',
  sendHint: '直接发送给买家',
  fillFirst: '需先补全：{vars}',
  fillFirstHint: '话术里的{vars}还没有值，复制到输入框补全后再发送',
  operations: '推荐操作',
  pickOrder: '选择订单',
  pickOrderHint: '这个操作针对买家的一个订单：请选择',
  ordersLoading: '正在读取买家的订单…',
  noOrders: '买家没有可选的订单',
  ordersFailed: '订单读取失败：{reason}',
  done: {
    order_card: '订单卡片已发送',
    logistics_card: '物流卡片已发送',
    coupon: '优惠券已发送',
    address_card: '改地址卡片已发送',
    urge_warehouse: '已通知平台催仓库发货',
    transfer_human: '已转回排队，优先由其他客服接待',
    create_after_sales: '已通知平台创建售后单',
    other: '已完成',
  },
  failed: '没有完成：{reason}',
  rule: '平台规则',
  ruleHint: '无论怎么回复，这条平台规则都适用',
  ruleSource: '来源：{source}（{date}）',
  dismiss: '收起',
  dismissHint: '收起这条提示；买家再发消息时会重新出现（Esc）',
  reopen: '智能助手 · {name}',
  reopenHint: '展开智能助手提示',
  report: '我要反馈',
  reportHint: '觉得推荐有问题？描述一下，可以附图',
  edit: '编辑回复',
  editHint: '编辑本店的推荐话术，对本店每位客服生效',
  noState: '未确认订单',
}

/** The script editor (SA-6). */
export const scriptEditor = {
  title: '编辑推荐话术 · {name}',
  intro: '保存后对本店每位客服立即生效。每个订单状态有 1 条推荐话术，还可以再加最多 2 条推荐回复；全部清空则恢复平台推荐。',
  state: '订单状态',
  noOrderState: '未确认订单',
  own: '本店已修改',
  recommended: '推荐话术',
  extra: '推荐回复 {n}',
  placeholder: '话术内容；可以插入订单号等变量，发送时自动填入',
  add: '添加推荐回复',
  remove: '删除',
  variables: '插入变量',
  operations: '推荐操作（不可修改）',
  restore: '恢复平台推荐',
  restoreHint: '清空本店话术，使用平台推荐',
  save: '保存',
  saved: '「{state}」的话术已保存，本店所有客服立即生效',
  saveFailed: '没有保存：{reason}',
  close: '关闭',
  unsaved: '有未保存的修改',
  discardBody: '放弃对「{state}」话术的修改？',
  discard: '放弃修改',
  keepEditing: '继续编辑',
  history: '修改记录',
  noHistory: '还没有修改记录',
  changed: '修改了 {states}',
  rollback: '回滚',
  rollbackHint: '恢复到这次修改之前的话术',
  rollbackConfirm: '把话术恢复到这次修改之前？回滚本身也会记录下来。',
  rolledBack: '已回滚，本店所有客服立即生效',
  rollbackFailed: '没有回滚：{reason}',
  robotOff: '开启全自动机器人后，主账号/管理员可以编辑这里的话术；现在只能查看。',
  ownerOnly: '只有主账号/管理员可以编辑话术；你可以查看。',
  loading: '正在读取…',
  loadFailed: '读取失败：{reason}',
  retry: '重试',
  tooMany: '每个状态最多 {n} 条',
}

/** Reports of a problem with a scenario (SA-5). */
export const scenarioReport = {
  title: '我要反馈 · {name}',
  intro: '说说智能助手的推荐哪里有问题，可以附一张截图。反馈会进入反馈收件箱，用来改进推荐方案。',
  text: '问题描述',
  placeholder: '例如：超时订单的推荐话术不该承诺今天发货',
  image: '图片',
  optional: '（可选）',
  pick: '选择图片…',
  imageHint: 'PNG、JPEG、GIF 或 WebP，不超过 2 MB',
  imageTooLarge: '图片太大了（{size}），最多 2 MB',
  imageType: '图片只能是 PNG、JPEG、GIF 或 WebP',
  imageUnreadable: '读不了这个文件：{reason}',
  removeImage: '移除图片',
  uploading: '正在上传图片 {percent}%',
  submit: '提交反馈',
  submitted: '反馈已提交，谢谢！',
  failed: '没有提交：{reason}',
  cancel: '取消',
  mine: '我的反馈',
  noneMine: '你还没有提交过反馈',
  mineFailed: '读取失败：{reason}',
  withImage: '附图',
  status: {
    open: '待处理',
  },
  about: '{intent} · {state}',
}

/** The order-prediction card (SA-2), in the window. */
export const prediction = {
  title: '订单预测',
  hint: '自动发给买家，猜测买家要咨询的订单，请买家确认或另选',
  likeliest: '最可能',
}

/** The LLM's draft in the assist panel (LM-3). */
export const draft = {
  tag: '草稿',
  title: 'AI 草稿',
  hint: 'AI 根据下面的推荐回复和订单信息写的草稿，请核对后再发送。点击文字填入输入框编辑',
  from: '依据：{questions}',
  edit: '编辑后发送',
  send: '直接发送',
  sendHint: '本店允许发送 AI 草稿',
  drafting: 'AI 草稿撰写中…',
}

/** When even the best suggestion is below the send floor: nothing fits ([3/7]). */
export const nothingFits = {
  title: '没有合适的回答',
  hint: '推荐回复的置信度都低于 {floor}，只能编辑后发送；也可以在输入框里打字搜索知识库。',
  editOnly: '编辑后发送',
  editOnlyHint: '置信度低于 {floor}，不能一键发送，请编辑后再发',
}

/** What a confidence was made of, in words (KB-6, [3/7]): engine.Factor's keys. */
export const basis = {
  title: '置信度依据',
  exact_question: '与问法「{question}」完全一致',
  exact_question_any: '与这个问题的某个问法完全一致',
  model: '本店模型估计 {value}',
  prior: '通用模型估计 {value}（本店模型还在训练）',
  match: '匹配度 {value}',
  margin: '领先第二名 {value}',
  margin_tie: '与第二名并列',
  margin_behind: '落后第一名 {value}',
  coverage: '覆盖消息的 {percent}%',
  known: '消息中 {percent}% 是本店知识库用到的词',
  known_low: '消息大多不是本店知识库用到的词（{percent}%），可能与本店无关',
  votes: '最相近的 10 个问法中 {n} 个属于这个问题',
  neighbours: '与这个问题各问法的接近程度 {value}（1 表示和它们彼此一样近）',
  other: '{key} {value}',
  line: '置信度依据：{words}',
  more: '依据',
  moreHint: '查看置信度依据',
  separator: '；',
}

/** What the chosen threshold is expected to give, from the shop's own KB ([3/7]). */
export const calibration = {
  title: '按本店知识库估计',
  expect: '按本店知识库估计：阈值 {threshold} 时，自动回答约 {precision}% 正确，覆盖约 {coverage}% 的问题',
  reach95: '自动回答约 95% 正确的最低阈值是 {threshold}（覆盖约 {coverage}%）',
  notReached95: '本店知识库在任何阈值下都估计达不到 95% 正确；建议补充相似问法',
  basis: '依据 {samples} 个留出的问法估计，假设 {outOfScope}% 的消息知识库里没有答案',
  rough: '样本较少，估计比较粗略',
  loading: '正在估计…',
  failed: '无法估计：{reason}',
  none: '知识库问题太少，还无法估计',
  precision: '正确率',
  coverage: '覆盖率',
  chart: '阈值与正确率、覆盖率',
}
