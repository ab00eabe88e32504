/** Who made a change, as kept in an order's history and a claim's actions. */
export enum ActorKind {
  Buyer = 'buyer',
  Seller = 'seller',
  Operator = 'operator',
  CountyStaff = 'county_staff',
  PlatformAdmin = 'platform_admin',
  System = 'system',
  Catalog = 'catalog',
  Logistics = 'logistics',
  PaymentProvider = 'payment_provider',
}

export interface Actor {
  kind: ActorKind;
  /** A user id, or the id of the event or provider transaction that caused the change. */
  id: string | null;
}

export const SYSTEM: Actor = { kind: ActorKind.System, id: null };
