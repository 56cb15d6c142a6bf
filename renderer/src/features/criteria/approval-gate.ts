import type { User } from '../../../../shared/contracts/users.js';
import type { VersionSummary } from '../../../../shared/contracts/criteria.js';
import { approvalState } from '../../../../shared/domain/versions.js';
import type { MessageId } from '../../i18n/index.js';

export type SigningTeam = 'marketing' | 'sales';

export interface DecisionGate {
  /** Whether the current user may approve or reject this version now. */
  allowed: boolean;
  /** Why not, in words the user can act on. */
  reason: { id: MessageId; values: Record<string, string> } | null;
  /** Teams whose approval is still missing. */
  missing: SigningTeam[];
}

/**
 * Who may sign a proposed version: an owner of marketing or of sales, once per team (the service
 * enforces the same; this only explains it before the click).
 */
export function decisionGate(v: Pick<VersionSummary, 'status' | 'approvals'>, user: User | null): DecisionGate {
  const state = approvalState(v.approvals);
  const missing = (['marketing', 'sales'] as const).filter((team) => !state[team]);
  const gate = (id: MessageId, values: Record<string, string> = {}): DecisionGate => ({
    allowed: false,
    reason: { id, values },
    missing,
  });
  if (v.status !== 'proposed') return gate('criteria.gate.notProposed');
  if (!user) return gate('criteria.gate.noUser');
  if (user.role !== 'owner' || user.team === 'ops') return gate('criteria.gate.notOwner', { name: user.name });
  const mine = v.approvals.find((a) => a.team === user.team && a.decision === 'approve');
  if (mine) return gate('criteria.gate.teamDone', { team: user.team, by: mine.userName });
  return { allowed: true, reason: null, missing };
}
