import { Principal } from '@countyflow/auth';
import { MembershipRole } from '@countyflow/contracts';
import { Problem } from '@countyflow/kernel';
import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CheckoutService } from '../checkout/checkout.service';
import { ListingRepository } from '../listing/listing.repository';
import { OrderStatus } from '../order/order-state';
import { OrderWorkflow } from '../order/order.workflow';
import { RefundRunner } from '../payment/refund.runner';
import {
  BuyingGroupResponseDto,
  GroupDealCreateDto,
  GroupDealResponseDto,
  GroupDealWithGroupsResponseDto,
  GroupOrderDto,
  GroupPlacementResponseDto,
  mapBuyingGroup,
  mapDeal,
} from './group-buy.dto';
import { BuyingGroup, BuyingGroupStatus } from './group-buy.entities';
import { GroupBuyRepository } from './group-buy.repository';

const SELLER_ROLES = [MembershipRole.Owner, MembershipRole.Staff];
const EXPIRY_BATCH = 50;

/**
 * 拼团: a seller's deal gives a group price to a group of N filled in time. A buyer starts a group or joins one
 * through its share link; each member's order is an ordinary checkout at the group price (catalog reserves its
 * stock), held once paid until the group is full; a group not full in time is expired and every member refunded.
 */
@Injectable()
export class GroupBuyService {
  constructor(
    private readonly db: TransactionalConnection,
    private readonly groups: GroupBuyRepository,
    private readonly listings: ListingRepository,
    private readonly checkout: CheckoutService,
    private readonly workflow: OrderWorkflow,
    private readonly refunds: RefundRunner,
  ) {}

  async createDeal(principal: Principal, dto: GroupDealCreateDto): Promise<GroupDealResponseDto> {
    const offer = (await this.listings.findOffers([dto.skuId])).get(dto.skuId);
    if (!offer || offer.sku.removed) {
      throw new Problem(422, 'unknown-sku', `no SKU ${dto.skuId} is listed`);
    }
    this.assertSeller(principal, offer.listing.sellerOrgId);
    return mapDeal(
      await this.groups.insertDeal({
        id: randomUUID(),
        sellerOrgId: offer.listing.sellerOrgId,
        listingId: offer.listing.listingId,
        skuId: offer.sku.skuId,
        title: offer.listing.title,
        spec: offer.sku.spec,
        groupPriceFen: dto.groupPriceFen,
        groupSize: dto.groupSize,
        windowMinutes: dto.windowMinutes,
        createdBy: principal.userId,
      }),
    );
  }

  async dealsOfListing(listingId: string): Promise<GroupDealWithGroupsResponseDto[]> {
    const deals = await this.groups.dealsOfListing(listingId);
    return Promise.all(
      deals.map(async (deal) => ({
        ...mapDeal(deal),
        openGroups: (await this.groups.openGroupsOf(deal.id)).map((group) => mapBuyingGroup(group, deal, [])),
      })),
    );
  }

  async dealsOfSeller(principal: Principal, sellerOrgId: string): Promise<GroupDealResponseDto[]> {
    this.assertSeller(principal, sellerOrgId);
    return (await this.groups.dealsOfSeller(sellerOrgId)).map(mapDeal);
  }

  async get(id: string): Promise<BuyingGroupResponseDto> {
    const group = await this.requireGroup(id);
    const deal = (await this.groups.findDeal(group.dealId))!;
    return mapBuyingGroup(group, deal, await this.groups.members(id));
  }

  /** The buyer starts a group (its leader) and orders the first place in it. */
  async start(
    principal: Principal,
    dealId: string,
    dto: GroupOrderDto,
    key: string | undefined,
  ): Promise<GroupPlacementResponseDto> {
    const deal = await this.groups.findDeal(dealId);
    if (!deal || !deal.active) {
      throw new Problem(404, 'group-deal-not-found', `no group deal ${dealId}`);
    }
    const groupId = randomUUID();
    const placed = await this.checkout.checkout(
      principal,
      { lines: [{ skuId: deal.skuId, quantity: dto.quantity }], destination: dto.destination },
      key,
      {
        kind: 'group',
        id: groupId,
        unitPriceFen: deal.groupPriceFen,
        claim: async (manager) => {
          await this.groups.insertGroup(
            manager,
            { id: groupId, dealId, leaderId: principal.userId, groupSize: deal.groupSize },
            deal.windowMinutes,
          );
          await this.groups.takePlace(manager, groupId);
        },
      },
    );
    const buyingGroupId = placed.group.orders[0].buyingGroupId ?? groupId;
    return { buyingGroup: await this.get(buyingGroupId), orderGroup: placed.group };
  }

  /** The buyer joins a group through its share link: one place, taken atomically (409 when full or closed). */
  async join(
    principal: Principal,
    id: string,
    dto: GroupOrderDto,
    key: string | undefined,
  ): Promise<GroupPlacementResponseDto> {
    const group = await this.requireGroup(id);
    const deal = (await this.groups.findDeal(group.dealId))!;
    const placed = await this.checkout.checkout(
      principal,
      { lines: [{ skuId: deal.skuId, quantity: dto.quantity }], destination: dto.destination },
      key,
      {
        kind: 'group',
        id,
        unitPriceFen: deal.groupPriceFen,
        claim: async (manager) => {
          if (await this.groups.takePlace(manager, id)) {
            return;
          }
          const now = (await this.groups.find(id, manager))!;
          if (now.status !== BuyingGroupStatus.Open || new Date(now.expiresAt).getTime() <= Date.now()) {
            throw new Problem(409, 'group-closed', `buying group ${id} takes no more members (${now.status})`, {
              status: now.status,
            });
          }
          throw new Problem(409, 'group-full', `buying group ${id} has all its ${now.groupSize} members`, {
            groupSize: now.groupSize,
          });
        },
      },
    );
    return { buyingGroup: await this.get(id), orderGroup: placed.group };
  }

  /**
   * Groups past their time without filling: each expired in its own transaction with its row locked first, then
   * its members' orders (cancelled, stock released, what was paid refunded). Returns how many were expired.
   */
  async expireDue(): Promise<number> {
    let expired = 0;
    for (;;) {
      const batch = await this.db.withTransaction(async (manager) => {
        const due = await this.groups.lockDue(manager, EXPIRY_BATCH);
        for (const groupId of due) {
          await this.groups.setStatus(manager, groupId, BuyingGroupStatus.Expired);
          const members = await this.groups.memberOrders(manager, groupId, [
            OrderStatus.Placed,
            OrderStatus.AwaitingPayment,
            OrderStatus.AwaitingGroup,
          ]);
          for (const orderId of members) {
            await this.workflow.expireGroupMember(manager, orderId);
          }
        }
        return due.length;
      });
      expired += batch;
      if (batch > 0) {
        this.refunds.nudge();
      }
      if (batch < EXPIRY_BATCH) {
        return expired;
      }
    }
  }

  private async requireGroup(id: string): Promise<BuyingGroup> {
    const group = await this.groups.find(id);
    if (!group) {
      throw new Problem(404, 'buying-group-not-found', `no buying group ${id}`);
    }
    return group;
  }

  private assertSeller(principal: Principal, sellerOrgId: string): void {
    if (!principal.isPlatformAdmin()) {
      principal.assertMemberOf(sellerOrgId, SELLER_ROLES);
    }
  }
}
