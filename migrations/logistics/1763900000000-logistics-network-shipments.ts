import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The county network (nodes, vehicles, routes, county settings), shipments with their legs, scans, temperature
 * readings, consent and receipt records, runs with their stops and items, notifications and carrier bookings.
 */
export class LogisticsNetworkShipments1763900000000 implements MigrationInterface {
  name = 'LogisticsNetworkShipments1763900000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE county_settings (
        county_code char(6) PRIMARY KEY,
        retention_days int NOT NULL CHECK (retention_days BETWEEN 1 AND 30),
        reminder_hours_before int NOT NULL CHECK (reminder_hours_before BETWEEN 0 AND 240),
        pickup_max_attempts int NOT NULL CHECK (pickup_max_attempts BETWEEN 1 AND 100),
        pickup_window_minutes int NOT NULL CHECK (pickup_window_minutes BETWEEN 1 AND 1440),
        pickup_lock_minutes int NOT NULL CHECK (pickup_lock_minutes BETWEEN 1 AND 1440),
        updated_by uuid,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await runner.query(`
      CREATE TABLE node (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code varchar(12) NOT NULL UNIQUE CHECK (code ~ '^[0-9]{6}([0-9]{3}([0-9]{3})?)?$'),
        county_code char(6) NOT NULL CHECK (county_code = left(code, 6)),
        level text NOT NULL CHECK (level IN ('county_hub', 'town_station', 'village_point')),
        name text NOT NULL,
        parent_id uuid REFERENCES node (id),
        latitude double precision NOT NULL CHECK (latitude BETWEEN -90 AND 90),
        longitude double precision NOT NULL CHECK (longitude BETWEEN -180 AND 180),
        host_type text NOT NULL,
        opening_hours text NOT NULL,
        operator_org_id uuid,
        shelves int NOT NULL CHECK (shelves >= 0),
        layers int NOT NULL CHECK (layers >= 0),
        slot_capacity int NOT NULL CHECK (slot_capacity >= 1),
        cold_storage boolean NOT NULL,
        cold_capacity_litres int CHECK (cold_capacity_litres >= 0),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((level = 'county_hub') = (parent_id IS NULL)),
        CHECK (length(code) = CASE level WHEN 'county_hub' THEN 6 WHEN 'town_station' THEN 9 ELSE 12 END)
      )`);
    await runner.query(`CREATE UNIQUE INDEX node_one_hub_per_county ON node (county_code) WHERE level = 'county_hub'`);
    await runner.query(`CREATE INDEX node_parent ON node (parent_id)`);
    await runner.query(`CREATE INDEX node_operator ON node (operator_org_id)`);

    await runner.query(`
      CREATE TABLE vehicle (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        county_code char(6) NOT NULL,
        plate text NOT NULL UNIQUE,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('van', 'truck', 'bus')),
        capacity_kg int NOT NULL CHECK (capacity_kg > 0),
        capacity_litres int NOT NULL CHECK (capacity_litres > 0),
        refrigerated boolean NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX vehicle_county ON vehicle (county_code)`);

    await runner.query(`
      CREATE TABLE route (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        county_code char(6) NOT NULL,
        vehicle_id uuid NOT NULL REFERENCES vehicle (id),
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('run', 'scheduled_bus')),
        weekdays int[] NOT NULL CHECK (weekdays <@ ARRAY[1, 2, 3, 4, 5, 6, 7] AND cardinality(weekdays) > 0),
        node_ids uuid[] NOT NULL CHECK (cardinality(node_ids) > 0),
        timetable jsonb,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX route_county ON route (county_code)`);

    await runner.query(`
      CREATE TABLE shipment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        order_id uuid NOT NULL UNIQUE,
        group_id uuid NOT NULL,
        buyer_id uuid NOT NULL,
        seller_org_id uuid NOT NULL,
        seller_name text NOT NULL,
        county_code char(6) NOT NULL,
        direction text NOT NULL CHECK (direction IN ('up', 'down')),
        status text NOT NULL CHECK (status IN ('awaiting_handover', 'at_node', 'in_transit', 'ready_for_pickup',
          'with_carrier', 'delivered', 'returning', 'returned', 'cancelled')),
        parcel_code text NOT NULL UNIQUE,
        weight_grams int NOT NULL CHECK (weight_grams >= 0),
        volume_ml int NOT NULL CHECK (volume_ml >= 0),
        temperature_class text NOT NULL CHECK (temperature_class IN ('ambient', 'chilled', 'frozen', 'range')),
        min_c double precision,
        max_c double precision,
        weight_tolerance_grams int,
        origin_village_code varchar(12),
        origin_node_id uuid REFERENCES node (id),
        destination jsonb NOT NULL,
        destination_node_id uuid REFERENCES node (id),
        lines jsonb NOT NULL,
        payment jsonb NOT NULL,
        path uuid[] NOT NULL,
        position int NOT NULL,
        custody_kind text NOT NULL CHECK (custody_kind IN ('seller', 'node', 'vehicle', 'carrier', 'recipient')),
        custody_node_id uuid REFERENCES node (id),
        custody_vehicle_id uuid REFERENCES vehicle (id),
        custody_run_id uuid,
        custody_since timestamptz NOT NULL,
        routing_problem text,
        trace_codes text[] NOT NULL DEFAULT '{}',
        handed_in_weight_grams int,
        shelf int,
        layer int,
        pickup_number char(4),
        pickup_code text,
        shelved_at timestamptz,
        collect_by timestamptz,
        reminder_sent_at timestamptz,
        carrier text,
        waybill_no text UNIQUE,
        dispatched_at timestamptz,
        delivered_at timestamptz,
        returned_at timestamptz,
        cancelled_at timestamptz,
        note text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        -- custody is always one holder, and the right one for its kind
        CHECK ((custody_kind = 'node') = (custody_node_id IS NOT NULL)),
        CHECK ((custody_kind = 'vehicle') = (custody_vehicle_id IS NOT NULL)),
        CHECK (status <> 'ready_for_pickup' OR (pickup_code IS NOT NULL AND collect_by IS NOT NULL))
      )`);
    // a pickup number identifies one uncollected parcel at its point
    await runner.query(
      `CREATE UNIQUE INDEX shipment_pickup_number ON shipment (destination_node_id, pickup_number) WHERE status = 'ready_for_pickup'`,
    );
    await runner.query(`CREATE INDEX shipment_pickup_code ON shipment (destination_node_id, pickup_code)`);
    await runner.query(`CREATE INDEX shipment_custody ON shipment (custody_node_id, status)`);
    await runner.query(`CREATE INDEX shipment_county_status ON shipment (county_code, status)`);
    await runner.query(`CREATE INDEX shipment_buyer ON shipment (buyer_id)`);
    await runner.query(`CREATE INDEX shipment_seller ON shipment (seller_org_id)`);
    await runner.query(`CREATE INDEX shipment_collect_by ON shipment (collect_by) WHERE status = 'ready_for_pickup'`);

    await runner.query(`
      CREATE TABLE shipment_leg (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        shipment_id uuid NOT NULL REFERENCES shipment (id),
        seq int NOT NULL,
        -- index in the shipment's path of the node the hop leaves from; null for the last leg (carrier, pickup)
        hop int,
        from_node_id uuid REFERENCES node (id),
        to_node_id uuid REFERENCES node (id),
        mode text NOT NULL CHECK (mode IN ('run', 'carrier', 'pickup')),
        purpose text NOT NULL CHECK (purpose IN ('forward', 'return')),
        status text NOT NULL CHECK (status IN ('pending', 'done', 'cancelled')),
        completed_at timestamptz,
        UNIQUE (shipment_id, seq)
      )`);

    await runner.query(`
      CREATE TABLE scan (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        shipment_id uuid NOT NULL REFERENCES shipment (id),
        seq int NOT NULL,
        kind text NOT NULL,
        node_id uuid REFERENCES node (id),
        node_code text,
        node_name text,
        actor_id uuid,
        actor_kind text NOT NULL CHECK (actor_kind IN ('user', 'carrier', 'system')),
        at timestamptz NOT NULL,
        temperature_c double precision,
        vehicle_id uuid,
        run_id uuid,
        details jsonb,
        UNIQUE (shipment_id, seq)
      )`);
    await runner.query(`CREATE INDEX scan_node_at ON scan (node_id, at)`);

    await runner.query(`
      CREATE TABLE temperature_reading (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        shipment_id uuid NOT NULL REFERENCES shipment (id),
        scan_id uuid REFERENCES scan (id),
        node_id uuid,
        node_code text,
        vehicle_id uuid,
        reading_c double precision NOT NULL,
        min_c double precision,
        max_c double precision,
        excursion boolean NOT NULL,
        recorded_by uuid,
        at timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX temperature_reading_shipment ON temperature_reading (shipment_id, at)`);
    await runner.query(`CREATE INDEX temperature_excursion ON temperature_reading (at) WHERE excursion`);

    await runner.query(`
      CREATE TABLE consent_record (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        shipment_id uuid NOT NULL REFERENCES shipment (id),
        kind text NOT NULL CHECK (kind IN ('station_delivery', 'named_agent')),
        subject_name text NOT NULL,
        subject_phone text NOT NULL,
        given_by uuid NOT NULL,
        source text NOT NULL,
        at timestamptz NOT NULL,
        UNIQUE (shipment_id, kind)
      )`);

    await runner.query(`
      CREATE TABLE receipt_record (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        shipment_id uuid NOT NULL UNIQUE REFERENCES shipment (id),
        method text NOT NULL CHECK (method IN ('pickup_code', 'signature', 'carrier')),
        collected_by text NOT NULL CHECK (collected_by IN ('recipient', 'agent', 'carrier')),
        collector_name text,
        node_id uuid,
        operator_id uuid,
        evidence jsonb,
        at timestamptz NOT NULL
      )`);

    await runner.query(`
      CREATE TABLE order_cancellation (
        order_id uuid PRIMARY KEY,
        reason text NOT NULL,
        was_paid boolean NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('cancelled', 'ignored_dispatched', 'ignored_closed', 'before_shipment')),
        shipment_id uuid,
        received_at timestamptz NOT NULL
      )`);

    await runner.query(`
      CREATE TABLE run (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        county_code char(6) NOT NULL,
        run_date date NOT NULL,
        vehicle_id uuid NOT NULL REFERENCES vehicle (id),
        trip int NOT NULL,
        status text NOT NULL CHECK (status IN ('planned', 'dispatched', 'completed', 'cancelled')),
        cold boolean NOT NULL,
        distance_km double precision NOT NULL,
        planned_by uuid,
        planned_at timestamptz NOT NULL,
        dispatched_at timestamptz,
        completed_at timestamptz
      )`);
    await runner.query(
      `CREATE UNIQUE INDEX run_vehicle_trip ON run (vehicle_id, run_date, trip) WHERE status <> 'cancelled'`,
    );
    await runner.query(`CREATE INDEX run_county_date ON run (county_code, run_date)`);
    await runner.query(`
      CREATE TABLE run_stop (
        run_id uuid NOT NULL REFERENCES run (id) ON DELETE CASCADE,
        seq int NOT NULL,
        node_id uuid NOT NULL REFERENCES node (id),
        PRIMARY KEY (run_id, seq)
      )`);
    await runner.query(`
      CREATE TABLE run_item (
        run_id uuid NOT NULL REFERENCES run (id) ON DELETE CASCADE,
        shipment_id uuid NOT NULL REFERENCES shipment (id),
        action text NOT NULL CHECK (action IN ('drop', 'collect')),
        node_id uuid NOT NULL REFERENCES node (id),
        weight_grams int NOT NULL,
        volume_ml int NOT NULL,
        cold boolean NOT NULL,
        PRIMARY KEY (run_id, shipment_id, action)
      )`);
    await runner.query(`CREATE INDEX run_item_shipment ON run_item (shipment_id)`);

    await runner.query(`
      CREATE TABLE notification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        shipment_id uuid REFERENCES shipment (id),
        county_code char(6) NOT NULL,
        channel text NOT NULL CHECK (channel IN ('store', 'sms')),
        recipient_phone text NOT NULL,
        template text NOT NULL,
        body text NOT NULL,
        status text NOT NULL CHECK (status IN ('stored', 'pending', 'sent', 'failed')),
        error text,
        created_at timestamptz NOT NULL,
        sent_at timestamptz
      )`);
    await runner.query(`CREATE INDEX notification_shipment ON notification (shipment_id)`);
    await runner.query(`CREATE INDEX notification_pending ON notification (created_at) WHERE status = 'pending'`);

    await runner.query(`
      CREATE TABLE carrier_booking (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        shipment_id uuid NOT NULL UNIQUE REFERENCES shipment (id),
        carrier text NOT NULL,
        waybill_no text NOT NULL UNIQUE,
        status text NOT NULL CHECK (status IN ('booked', 'delivered')),
        booked_at timestamptz NOT NULL,
        confirm_after timestamptz,
        delivered_at timestamptz
      )`);
    await runner.query(`CREATE INDEX carrier_booking_due ON carrier_booking (confirm_after) WHERE status = 'booked'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of [
      'carrier_booking',
      'notification',
      'run_item',
      'run_stop',
      'run',
      'order_cancellation',
      'receipt_record',
      'consent_record',
      'temperature_reading',
      'scan',
      'shipment_leg',
      'shipment',
      'route',
      'vehicle',
      'node',
      'county_settings',
    ]) {
      await runner.query(`DROP TABLE ${table}`);
    }
  }
}
