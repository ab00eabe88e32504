import { ClaimStatus } from './claim.entities';

/** Every change of a claim's state has a name; nothing changes the state except one of these. */
export enum ClaimTransition {
  /** the seller accepts the remedy the buyer asked for */
  SellerAccept = 'seller_accept',
  /** the seller declines: county staff decide */
  SellerDecline = 'seller_decline',
  /** the seller offers another remedy; the buyer answers */
  Counter = 'counter',
  /** the buyer accepts the seller's counter-offer */
  BuyerAcceptCounter = 'buyer_accept_counter',
  /** the buyer rejects the counter-offer: county staff decide */
  BuyerRejectCounter = 'buyer_reject_counter',
  /** whoever had to answer let the deadline pass: county staff decide */
  EscalateOverdue = 'escalate_overdue',
  /** county staff of the order's county decide an escalated claim */
  Decide = 'decide',
}

export interface ClaimTransitionRule {
  from: readonly ClaimStatus[];
  to: ClaimStatus;
}

const S = ClaimStatus;

export const CLAIM_TRANSITIONS: Readonly<Record<ClaimTransition, ClaimTransitionRule>> = {
  [ClaimTransition.SellerAccept]: { from: [S.AwaitingSeller], to: S.Resolved },
  [ClaimTransition.SellerDecline]: { from: [S.AwaitingSeller], to: S.Escalated },
  [ClaimTransition.Counter]: { from: [S.AwaitingSeller], to: S.Countered },
  [ClaimTransition.BuyerAcceptCounter]: { from: [S.Countered], to: S.Resolved },
  [ClaimTransition.BuyerRejectCounter]: { from: [S.Countered], to: S.Escalated },
  [ClaimTransition.EscalateOverdue]: { from: [S.AwaitingSeller, S.Countered], to: S.Escalated },
  [ClaimTransition.Decide]: { from: [S.Escalated], to: S.Resolved },
};

export function canApplyToClaim(status: ClaimStatus, transition: ClaimTransition): boolean {
  return CLAIM_TRANSITIONS[transition].from.includes(status);
}
