import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsUUID, Max, Min } from 'class-validator';
import { MAX_AMOUNT_FEN } from '../common/limits';
import { OrderStatus } from '../order/order-state';
import { OrderGroupResponseDto } from '../order/order.dto';
import { PresaleOrderDto } from '../presale/presale.dto';
import { BuyingGroup, BuyingGroupStatus, GroupDeal } from './group-buy.entities';

export class GroupDealCreateDto {
  @ApiProperty({ format: 'uuid', description: "one of the seller's SKUs" })
  @IsUUID()
  skuId: string;

  @ApiProperty({ description: 'price per unit for the members of a group' })
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT_FEN)
  groupPriceFen: number;

  @ApiProperty({ minimum: 2, maximum: 50, description: 'members a group needs' })
  @IsInt()
  @Min(2)
  @Max(50)
  groupSize: number;

  @ApiProperty({ minimum: 5, maximum: 10080, description: 'minutes a group has to fill, from its start' })
  @IsInt()
  @Min(5)
  @Max(10080)
  windowMinutes: number;
}

/** Start or join a group: the units and where to send them (paid online, as a checkout). */
export class GroupOrderDto extends PresaleOrderDto {}

export class GroupDealResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() sellerOrgId: string;
  @ApiProperty() listingId: string;
  @ApiProperty() skuId: string;
  @ApiProperty() title: string;
  @ApiProperty() spec: string;
  @ApiProperty() groupPriceFen: number;
  @ApiProperty() groupSize: number;
  @ApiProperty() windowMinutes: number;
  @ApiProperty() active: boolean;
  @ApiProperty() createdAt: string;
}

export class GroupMemberResponseDto {
  @ApiProperty({ description: 'the leader started the group' }) leader: boolean;
  @ApiProperty({ enum: OrderStatus }) status: OrderStatus;
  @ApiProperty() joinedAt: string;
}

export class BuyingGroupResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ type: GroupDealResponseDto }) deal: GroupDealResponseDto;
  @ApiProperty() groupSize: number;
  @ApiProperty({ description: 'places taken (orders not cancelled)' }) members: number;
  @ApiProperty({ description: 'members who paid' }) paidMembers: number;
  @ApiProperty({ description: 'places still free' }) placesLeft: number;
  @ApiProperty({ enum: BuyingGroupStatus }) status: BuyingGroupStatus;
  @ApiProperty() expiresAt: string;
  @ApiProperty({ nullable: true, type: String }) completedAt: string | null;
  @ApiProperty({ description: 'the path of the share link in the web app' }) sharePath: string;
  @ApiProperty({ type: [GroupMemberResponseDto] }) memberOrders: GroupMemberResponseDto[];
}

export class GroupDealWithGroupsResponseDto extends GroupDealResponseDto {
  @ApiProperty({ type: [BuyingGroupResponseDto], description: 'open groups with a free place, soonest to close first' })
  openGroups: BuyingGroupResponseDto[];
}

export class GroupPlacementResponseDto {
  @ApiProperty({ type: BuyingGroupResponseDto }) buyingGroup: BuyingGroupResponseDto;
  @ApiProperty({ type: OrderGroupResponseDto, description: 'pay it as any order group' })
  orderGroup: OrderGroupResponseDto;
}

export const mapDeal = (deal: GroupDeal): GroupDealResponseDto => ({
  id: deal.id,
  sellerOrgId: deal.sellerOrgId,
  listingId: deal.listingId,
  skuId: deal.skuId,
  title: deal.title,
  spec: deal.spec,
  groupPriceFen: deal.groupPriceFen,
  groupSize: deal.groupSize,
  windowMinutes: deal.windowMinutes,
  active: deal.active,
  createdAt: new Date(deal.createdAt).toISOString(),
});

export const mapBuyingGroup = (
  group: BuyingGroup,
  deal: GroupDeal,
  members: { buyerId: string; status: OrderStatus; joinedAt: Date }[],
): BuyingGroupResponseDto => ({
  id: group.id,
  deal: mapDeal(deal),
  groupSize: group.groupSize,
  members: group.members,
  paidMembers: group.paidMembers,
  placesLeft: group.status === BuyingGroupStatus.Open ? group.groupSize - group.members : 0,
  status: group.status,
  expiresAt: new Date(group.expiresAt).toISOString(),
  completedAt: group.completedAt ? new Date(group.completedAt).toISOString() : null,
  sharePath: `/groups/${group.id}`,
  memberOrders: members.map((member) => ({
    leader: member.buyerId === group.leaderId,
    status: member.status,
    joinedAt: new Date(member.joinedAt).toISOString(),
  })),
});
