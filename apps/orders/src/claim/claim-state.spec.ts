import { canApplyToClaim, CLAIM_TRANSITIONS, ClaimTransition } from './claim-state';
import { ClaimStatus } from './claim.entities';

describe('claim state machine', () => {
  it('lets nothing leave a resolved claim', () => {
    const allowed = Object.values(ClaimTransition).filter((t) => canApplyToClaim(ClaimStatus.Resolved, t));
    expect(allowed).toEqual([]);
  });

  it.each([
    [ClaimStatus.AwaitingSeller, ClaimTransition.SellerAccept, ClaimStatus.Resolved],
    [ClaimStatus.AwaitingSeller, ClaimTransition.SellerDecline, ClaimStatus.Escalated],
    [ClaimStatus.AwaitingSeller, ClaimTransition.Counter, ClaimStatus.Countered],
    [ClaimStatus.Countered, ClaimTransition.BuyerAcceptCounter, ClaimStatus.Resolved],
    [ClaimStatus.Countered, ClaimTransition.BuyerRejectCounter, ClaimStatus.Escalated],
    [ClaimStatus.AwaitingSeller, ClaimTransition.EscalateOverdue, ClaimStatus.Escalated],
    [ClaimStatus.Countered, ClaimTransition.EscalateOverdue, ClaimStatus.Escalated],
    [ClaimStatus.Escalated, ClaimTransition.Decide, ClaimStatus.Resolved],
  ])('%s --%s--> %s', (from, transition, to) => {
    expect(canApplyToClaim(from, transition)).toBe(true);
    expect(CLAIM_TRANSITIONS[transition].to).toBe(to);
  });

  it.each([
    [ClaimStatus.Countered, ClaimTransition.SellerAccept],
    [ClaimStatus.Countered, ClaimTransition.Counter],
    [ClaimStatus.AwaitingSeller, ClaimTransition.BuyerAcceptCounter],
    [ClaimStatus.AwaitingSeller, ClaimTransition.Decide],
    [ClaimStatus.Escalated, ClaimTransition.EscalateOverdue],
    [ClaimStatus.Escalated, ClaimTransition.SellerDecline],
  ])('refuses %s --%s-->', (from, transition) => {
    expect(canApplyToClaim(from, transition)).toBe(false);
  });
});
