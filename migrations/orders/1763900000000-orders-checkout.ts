import { MigrationInterface, QueryRunner } from 'typeorm';

const ORDER_STATUSES = `'placed','awaiting_payment','rejected','paid','in_fulfilment','out_for_delivery','ready_for_pickup',
  'completed','cancelled','returned','refunded'`;

/**
 * Checkout, orders per seller and their history, payments and refunds, claims, reviews, assisted-order commission,
 * county settings, and orders' own copies of identity's organisations and catalog's listings.
 */
export class OrdersCheckout1763900000000 implements MigrationInterface {
  name = 'OrdersCheckout1763900000000';

  async up(runner: QueryRunner): Promise<void> {
    // ------------------------------------------------------------ copies of other services' data
    await runner.query(`
      CREATE TABLE org_copy (
        org_id uuid PRIMARY KEY,
        kind text NOT NULL,
        name text NOT NULL,
        county_code char(6) NOT NULL,
        village_code char(12),
        status text NOT NULL CHECK (status IN ('verified','suspended')),
        status_changed_at timestamptz NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE listing_copy (
        listing_id uuid PRIMARY KEY,
        version int NOT NULL,
        seller_org_id uuid NOT NULL,
        seller_name text NOT NULL,
        county_code char(6) NOT NULL,
        direction text NOT NULL CHECK (direction IN ('up','down')),
        title text NOT NULL,
        purchasable boolean NOT NULL,
        status text NOT NULL,
        temperature jsonb NOT NULL,
        origin_village_code char(12),
        weight_tolerance_grams int,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE sku_copy (
        sku_id uuid PRIMARY KEY,
        listing_id uuid NOT NULL REFERENCES listing_copy(listing_id),
        spec text NOT NULL,
        price_fen bigint NOT NULL CHECK (price_fen >= 0),
        weight_grams int NOT NULL CHECK (weight_grams >= 0),
        volume_ml int NOT NULL CHECK (volume_ml >= 0),
        barcode text,
        removed boolean NOT NULL DEFAULT false
      )`);
    await runner.query(`CREATE INDEX sku_copy_listing ON sku_copy (listing_id)`);

    // ------------------------------------------------------------ county settings
    await runner.query(`
      CREATE TABLE county_setting (
        county_code char(6) PRIMARY KEY CHECK (county_code ~ '^[0-9]{6}$'),
        commission_rate_bp int NOT NULL CHECK (commission_rate_bp BETWEEN 0 AND 5000),
        claim_window_hours int NOT NULL CHECK (claim_window_hours > 0),
        claim_response_hours int NOT NULL CHECK (claim_response_hours > 0),
        allow_cross_county_service_point boolean NOT NULL,
        updated_by uuid NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    // ------------------------------------------------------------ orders
    await runner.query(`
      CREATE TABLE order_group (
        id uuid PRIMARY KEY,
        buyer_id uuid NOT NULL,
        placed_by uuid NOT NULL,
        assisted_by_org_id uuid,
        idempotency_key text,
        request_hash text,
        destination jsonb NOT NULL,
        payment_method text NOT NULL CHECK (payment_method IN ('online','cash_on_collection')),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (placed_by, idempotency_key)
      )`);
    await runner.query(`
      CREATE TABLE station_consent (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        group_id uuid NOT NULL UNIQUE REFERENCES order_group(id),
        service_point_org_id uuid NOT NULL,
        consented_by uuid NOT NULL,
        recipient_name text NOT NULL,
        recipient_phone text NOT NULL,
        text text NOT NULL,
        consented_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE customer_order (
        id uuid PRIMARY KEY,
        group_id uuid NOT NULL REFERENCES order_group(id),
        buyer_id uuid NOT NULL,
        assisted_by_org_id uuid,
        seller_org_id uuid NOT NULL,
        seller_name text NOT NULL,
        county_code char(6) NOT NULL,
        direction text NOT NULL CHECK (direction IN ('up','down')),
        origin_village_code char(12),
        status text NOT NULL CHECK (status IN (${ORDER_STATUSES})),
        destination jsonb NOT NULL,
        destination_service_point_org_id uuid,
        destination_county_code char(6),
        payment_method text NOT NULL CHECK (payment_method IN ('online','cash_on_collection')),
        total_fen bigint NOT NULL CHECK (total_fen >= 0),
        paid_fen bigint NOT NULL DEFAULT 0,
        refunded_fen bigint NOT NULL DEFAULT 0,
        price_changed boolean NOT NULL DEFAULT false,
        temperature jsonb NOT NULL,
        weight_tolerance_grams int,
        total_weight_grams int NOT NULL,
        total_volume_ml int NOT NULL,
        payment_due_at timestamptz,
        expiry_scheduled boolean NOT NULL DEFAULT false,
        paid_at timestamptz,
        payment_transaction_id uuid,
        shipment_id text,
        dispatched_at timestamptz,
        collect_by timestamptz,
        delivered_at timestamptz,
        receipt jsonb,
        cash_received_at timestamptz,
        cash_received_by uuid,
        rejection jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX customer_order_group ON customer_order (group_id)`);
    await runner.query(`CREATE INDEX customer_order_buyer ON customer_order (buyer_id, created_at DESC)`);
    await runner.query(`CREATE INDEX customer_order_seller ON customer_order (seller_org_id, created_at DESC)`);
    await runner.query(
      `CREATE INDEX customer_order_service_point ON customer_order (destination_service_point_org_id, created_at DESC)
        WHERE destination_service_point_org_id IS NOT NULL`,
    );
    await runner.query(`CREATE INDEX customer_order_county ON customer_order (county_code, created_at DESC)`);
    await runner.query(
      `CREATE INDEX customer_order_destination_county ON customer_order (destination_county_code, created_at DESC)
        WHERE destination_county_code IS NOT NULL`,
    );
    await runner.query(
      `CREATE INDEX customer_order_awaiting_payment ON customer_order (payment_due_at)
        WHERE status = 'awaiting_payment'`,
    );
    await runner.query(
      `CREATE INDEX customer_order_expiry_unscheduled ON customer_order (payment_due_at)
        WHERE status = 'awaiting_payment' AND NOT expiry_scheduled`,
    );
    await runner.query(`
      CREATE TABLE order_line (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        order_id uuid NOT NULL REFERENCES customer_order(id),
        position int NOT NULL,
        sku_id uuid NOT NULL,
        listing_id uuid NOT NULL,
        title text NOT NULL,
        spec text NOT NULL,
        quantity int NOT NULL CHECK (quantity > 0),
        shown_unit_price_fen bigint NOT NULL CHECK (shown_unit_price_fen >= 0),
        unit_price_fen bigint NOT NULL CHECK (unit_price_fen >= 0),
        weight_grams int NOT NULL,
        volume_ml int NOT NULL,
        UNIQUE (order_id, sku_id)
      )`);
    await runner.query(`
      CREATE TABLE order_history (
        seq bigserial PRIMARY KEY,
        order_id uuid NOT NULL REFERENCES customer_order(id),
        from_status text,
        to_status text NOT NULL,
        actor_kind text NOT NULL,
        actor_id text,
        reason text,
        detail jsonb,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX order_history_order ON order_history (order_id, seq)`);
    await runner.query(`
      CREATE TABLE order_excursion (
        seq bigserial PRIMARY KEY,
        order_id uuid NOT NULL REFERENCES customer_order(id),
        shipment_id text NOT NULL,
        node_code text,
        reading_c numeric(5,1) NOT NULL,
        min_c numeric(5,1),
        max_c numeric(5,1),
        at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX order_excursion_order ON order_excursion (order_id, seq)`);

    // ------------------------------------------------------------ payments and refunds
    await runner.query(`
      CREATE TABLE payment (
        id uuid PRIMARY KEY,
        group_id uuid NOT NULL REFERENCES order_group(id),
        provider text NOT NULL,
        provider_payment_id text NOT NULL UNIQUE,
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        order_ids uuid[] NOT NULL,
        status text NOT NULL CHECK (status IN ('pending','succeeded','rejected')),
        pay_url text,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX payment_group ON payment (group_id)`);
    await runner.query(`
      CREATE TABLE payment_transaction (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        provider text NOT NULL,
        provider_transaction_id text NOT NULL,
        payment_id uuid REFERENCES payment(id),
        group_id uuid NOT NULL REFERENCES order_group(id),
        amount_fen bigint NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('applied','partly_refunded','refunded','amount_mismatch','cash_received')),
        detail text NOT NULL,
        applied_order_ids uuid[] NOT NULL DEFAULT '{}',
        payload jsonb NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (provider, provider_transaction_id)
      )`);
    await runner.query(`CREATE INDEX payment_transaction_group ON payment_transaction (group_id)`);
    await runner.query(`
      CREATE TABLE refund (
        id uuid PRIMARY KEY,
        group_id uuid NOT NULL REFERENCES order_group(id),
        order_id uuid REFERENCES customer_order(id),
        payment_transaction_id uuid NOT NULL REFERENCES payment_transaction(id),
        claim_id uuid,
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        reason text NOT NULL,
        status text NOT NULL CHECK (status IN ('pending','succeeded','failed')),
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error text,
        provider_refund_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz
      )`);
    await runner.query(`CREATE INDEX refund_order ON refund (order_id)`);
    await runner.query(`CREATE INDEX refund_pending ON refund (next_attempt_at) WHERE status = 'pending'`);

    // ------------------------------------------------------------ assisted orders
    await runner.query(`
      CREATE TABLE commission (
        order_id uuid PRIMARY KEY REFERENCES customer_order(id),
        operator_org_id uuid NOT NULL,
        operator_user_id uuid NOT NULL,
        county_code char(6) NOT NULL,
        rate_bp int NOT NULL,
        base_fen bigint NOT NULL,
        amount_fen bigint NOT NULL,
        status text NOT NULL CHECK (status IN ('pending','earned','void')),
        created_at timestamptz NOT NULL DEFAULT now(),
        settled_at timestamptz
      )`);
    await runner.query(`CREATE INDEX commission_operator ON commission (operator_org_id, created_at DESC)`);

    // ------------------------------------------------------------ after-sales
    await runner.query(`
      CREATE TABLE claim (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        order_id uuid NOT NULL UNIQUE REFERENCES customer_order(id),
        buyer_id uuid NOT NULL,
        seller_org_id uuid NOT NULL,
        county_code char(6) NOT NULL,
        reason text NOT NULL,
        photo_urls text[] NOT NULL,
        requested_remedy text NOT NULL CHECK (requested_remedy IN ('partial_refund','resend','full_refund')),
        requested_amount_fen bigint,
        status text NOT NULL CHECK (status IN ('awaiting_seller','countered','escalated','resolved')),
        counter_remedy text,
        counter_amount_fen bigint,
        seller_note text,
        respond_by timestamptz,
        escalated_at timestamptz,
        escalation_reason text,
        resolution text CHECK (resolution IN ('partial_refund','resend','full_refund','rejected')),
        resolution_amount_fen bigint,
        resolved_by text,
        decided_by uuid,
        decision_note text,
        resolved_at timestamptz,
        refund_id uuid REFERENCES refund(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX claim_seller ON claim (seller_org_id, created_at DESC)`);
    await runner.query(`CREATE INDEX claim_county ON claim (county_code, status)`);
    await runner.query(
      `CREATE INDEX claim_deadline ON claim (respond_by) WHERE status IN ('awaiting_seller','countered')`,
    );
    await runner.query(`
      CREATE TABLE claim_action (
        seq bigserial PRIMARY KEY,
        claim_id uuid NOT NULL REFERENCES claim(id),
        action text NOT NULL,
        actor_kind text NOT NULL,
        actor_id text,
        detail jsonb,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX claim_action_claim ON claim_action (claim_id, seq)`);
    await runner.query(`
      CREATE TABLE review (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        order_id uuid NOT NULL UNIQUE REFERENCES customer_order(id),
        buyer_id uuid NOT NULL,
        seller_org_id uuid NOT NULL,
        rating int NOT NULL CHECK (rating BETWEEN 1 AND 5),
        comment text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX review_seller ON review (seller_org_id, created_at DESC)`);
    await runner.query(`
      CREATE TABLE seller_rating (
        seller_org_id uuid PRIMARY KEY,
        rating_count int NOT NULL,
        rating_sum int NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of [
      'seller_rating',
      'review',
      'claim_action',
      'claim',
      'commission',
      'refund',
      'payment_transaction',
      'payment',
      'order_excursion',
      'order_history',
      'order_line',
      'customer_order',
      'station_consent',
      'order_group',
      'county_setting',
      'sku_copy',
      'listing_copy',
      'org_copy',
    ]) {
      await runner.query(`DROP TABLE ${table}`);
    }
  }
}
