/** 开通直播功能 (SPEC back office §1): WeChat's admission rules on the merchant's figures; records that live is on. */
import type { EnablementEvaluation, EnablementRecordView } from '../../../../typings/admin'
import type { EnablementRecord } from '../../model'
import { BizError } from '../../domain/errors'
import { evaluateEnablement, type EnablementInput } from '../../domain/enablement'
import { shanghaiDay } from '../../domain/room-rules'
import { audit, type MerchantDeps } from './support'

export const UPDATE_REMINDER =
  '开通后请在小程序代码中引入直播组件（live-player-plugin），提交审核并发布新版本；会员更新到该版本后才能进入直播间。'

export function checkEnablement(deps: MerchantDeps, figures: EnablementInput): EnablementEvaluation {
  const result = evaluateEnablement(figures, shanghaiDay(deps.clock.now()))
  return {
    rules: result.rules.map((r) => ({ id: r.id, label: r.title, pass: r.pass, why: r.reason })),
    eligible: result.passes,
    earliestCountDate: result.earliestDate,
    reminder: UPDATE_REMINDER,
  }
}

export async function enablementRecord(deps: MerchantDeps): Promise<{ record?: EnablementRecordView }> {
  const doc = await deps.repos.meta.get<EnablementRecord>('enablement')
  return doc ? { record: viewOf(doc) } : {}
}

/** Records that live is enabled — only when the figures meet WeChat's rules (1, 2, 3 and one of 4–6). */
export async function enableLive(
  deps: MerchantDeps,
  actor: string,
  figures: EnablementInput,
): Promise<EnablementRecordView> {
  const evaluation = checkEnablement(deps, figures)
  if (!evaluation.eligible) {
    const failed = evaluation.rules.filter((r) => !r.pass).map((r) => r.label)
    throw new BizError('CONFLICT', `尚未满足开通条件：${failed.join('；')}`, { evaluation })
  }
  const now = deps.clock.now()
  const doc: EnablementRecord = {
    _id: 'enablement',
    figures: { ...figures },
    evaluation,
    enabledAt: now,
    by: actor,
  }
  await deps.repos.meta.put(doc)
  const settings = await deps.repos.settings.get()
  await deps.repos.settings.put({ ...settings, liveEnabled: true, updatedAt: now })
  await audit(deps, actor, 'live.enable', 'enablement', { earliestCountDate: evaluation.earliestCountDate })
  return viewOf(doc)
}

function viewOf(doc: EnablementRecord): EnablementRecordView {
  return {
    figures: doc.figures as unknown as EnablementRecordView['figures'],
    evaluation: doc.evaluation,
    enabledAt: doc.enabledAt,
    by: doc.by,
  }
}
