import { MigrationInterface, QueryRunner } from 'typeorm';

/** [id, parent id, name, direction]: the category tree every county shares, frozen as it was first shipped. */
const CATEGORIES: [string, string | null, string, 'up' | 'down'][] = [
  // produce going up
  ['fruit', null, '水果', 'up'],
  ['citrus', 'fruit', '柑橘橙柚', 'up'],
  ['apple-pear', 'fruit', '苹果梨', 'up'],
  ['kiwi', 'fruit', '猕猴桃', 'up'],
  ['berries', 'fruit', '莓果葡萄', 'up'],
  ['melons', 'fruit', '瓜类', 'up'],
  ['tropical-fruit', 'fruit', '热带水果', 'up'],
  ['vegetables', null, '蔬菜', 'up'],
  ['leafy-greens', 'vegetables', '叶菜', 'up'],
  ['root-vegetables', 'vegetables', '根茎薯类', 'up'],
  ['fruiting-vegetables', 'vegetables', '茄果瓜菜', 'up'],
  ['bamboo-shoots', 'vegetables', '竹笋', 'up'],
  ['grain-oil', null, '粮油', 'up'],
  ['rice', 'grain-oil', '大米', 'up'],
  ['coarse-grains', 'grain-oil', '杂粮豆类', 'up'],
  ['edible-oil', 'grain-oil', '食用油', 'up'],
  ['tea', null, '茶叶', 'up'],
  ['green-tea', 'tea', '绿茶', 'up'],
  ['black-tea', 'tea', '红茶', 'up'],
  ['oolong-tea', 'tea', '乌龙白茶', 'up'],
  ['fungi', null, '菌菇', 'up'],
  ['fresh-mushrooms', 'fungi', '鲜菇', 'up'],
  ['dried-fungi', 'fungi', '干货菌菇', 'up'],
  ['livestock-poultry', null, '畜禽肉', 'up'],
  ['pork', 'livestock-poultry', '猪肉', 'up'],
  ['beef-mutton', 'livestock-poultry', '牛羊肉', 'up'],
  ['poultry', 'livestock-poultry', '禽肉', 'up'],
  ['eggs', null, '禽蛋', 'up'],
  ['aquatic', null, '水产', 'up'],
  ['freshwater-fish', 'aquatic', '淡水鱼', 'up'],
  ['shrimp-crab', 'aquatic', '虾蟹', 'up'],
  ['specialties', null, '土特产', 'up'],
  ['honey', 'specialties', '蜂蜜', 'up'],
  ['nuts-dried-fruit', 'specialties', '坚果干果', 'up'],
  ['cured-meat', 'specialties', '腊味腌制', 'up'],
  // goods going down
  ['agri-inputs', null, '农资', 'down'],
  ['fertiliser', 'agri-inputs', '化肥', 'down'],
  ['seed', 'agri-inputs', '种子种苗', 'down'],
  ['pesticide', 'agri-inputs', '农药', 'down'],
  ['feed', 'agri-inputs', '饲料', 'down'],
  ['farm-tools', 'agri-inputs', '农具农机', 'down'],
  ['daily-goods', null, '日用百货', 'down'],
  ['cleaning', 'daily-goods', '清洁用品', 'down'],
  ['personal-care', 'daily-goods', '个人护理', 'down'],
  ['kitchenware', 'daily-goods', '厨具餐具', 'down'],
  ['small-appliances', null, '小家电', 'down'],
  ['kitchen-appliances', 'small-appliances', '厨房电器', 'down'],
  ['home-appliances', 'small-appliances', '生活电器', 'down'],
  ['packaged-food', null, '食品饮料', 'down'],
];

/**
 * Storefronts, the category tree, listings with SKUs and their stock ledger, reservations per order, produce lots
 * with their trace scans, and the search documents of public listings.
 */
export class CatalogListings1764000000000 implements MigrationInterface {
  name = 'CatalogListings1764000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE seller
        ADD COLUMN village_code char(12),
        ADD COLUMN rating_count int NOT NULL DEFAULT 0 CHECK (rating_count >= 0),
        ADD COLUMN rating_average numeric(3,2) CHECK (rating_average BETWEEN 0 AND 5)`);

    await runner.query(`
      CREATE TABLE category (
        id text PRIMARY KEY CHECK (id ~ '^[a-z][a-z0-9-]*$'),
        parent_id text REFERENCES category (id),
        name text NOT NULL,
        direction text NOT NULL CHECK (direction IN ('up', 'down')),
        path text NOT NULL UNIQUE,
        sort_order int NOT NULL DEFAULT 0
      )`);
    const paths = new Map<string, string>();
    for (const [index, [id, parent, name, direction]] of CATEGORIES.entries()) {
      const path = parent ? `${paths.get(parent)}/${id}` : id;
      paths.set(id, path);
      await runner.query(
        `INSERT INTO category (id, parent_id, name, direction, path, sort_order) VALUES ($1, $2, $3, $4, $5, $6)`,
        [id, parent, name, direction, path, index],
      );
    }

    await runner.query(`
      CREATE TABLE storefront (
        county_code char(6) PRIMARY KEY CHECK (county_code ~ '^[0-9]{6}$'),
        name text NOT NULL,
        introduction text NOT NULL DEFAULT '',
        banner_url text,
        logo_url text,
        featured_category_ids text[] NOT NULL DEFAULT '{}',
        featured_listing_ids uuid[] NOT NULL DEFAULT '{}',
        status text NOT NULL CHECK (status IN ('draft', 'open', 'closed')),
        created_by uuid NOT NULL,
        updated_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await runner.query(`
      CREATE TABLE listing (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seller_org_id uuid NOT NULL REFERENCES seller (org_id),
        county_code char(6) NOT NULL,
        category_id text NOT NULL REFERENCES category (id),
        direction text NOT NULL CHECK (direction IN ('up', 'down')),
        title text NOT NULL,
        description text NOT NULL DEFAULT '',
        images text[] NOT NULL DEFAULT '{}',
        origin_village_code char(12) CHECK (origin_village_code IS NULL OR left(origin_village_code, 6) = county_code),
        certifications text[] NOT NULL DEFAULT '{}',
        shelf_life_days int CHECK (shelf_life_days > 0),
        temperature_class text NOT NULL CHECK (temperature_class IN ('ambient', 'chilled', 'frozen', 'range')),
        temperature_min_c numeric(4,1),
        temperature_max_c numeric(4,1),
        weight_tolerance_grams int CHECK (weight_tolerance_grams >= 0),
        status text NOT NULL CHECK (status IN ('draft', 'published', 'paused', 'removed')),
        status_reason text,
        version int NOT NULL DEFAULT 1,
        published_at timestamptz,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT listing_temperature_range CHECK (temperature_min_c IS NULL OR temperature_max_c IS NULL
                                                    OR temperature_min_c <= temperature_max_c)
      )`);
    await runner.query(`CREATE INDEX listing_seller ON listing (seller_org_id, status)`);

    // received is net of seller adjustments; sold counts every unit that became a sale, restocked the ones that
    // came back, so restocked <= sold and the balance below holds after every single statement.
    await runner.query(`
      CREATE TABLE sku (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        listing_id uuid NOT NULL REFERENCES listing (id),
        spec text NOT NULL,
        price_fen int NOT NULL CHECK (price_fen > 0),
        weight_grams int NOT NULL CHECK (weight_grams > 0),
        volume_ml int NOT NULL CHECK (volume_ml >= 0),
        barcode text,
        received int NOT NULL DEFAULT 0,
        restocked int NOT NULL DEFAULT 0,
        available int NOT NULL DEFAULT 0,
        reserved int NOT NULL DEFAULT 0,
        sold int NOT NULL DEFAULT 0,
        -- clock_timestamp, not now(): SKUs added in one transaction keep the order the seller gave them
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT sku_stock_not_negative
          CHECK (received >= 0 AND restocked >= 0 AND available >= 0 AND reserved >= 0 AND sold >= 0),
        CONSTRAINT sku_restocked_within_sold CHECK (restocked <= sold),
        CONSTRAINT sku_stock_balances CHECK (received + restocked = available + reserved + sold)
      )`);
    await runner.query(`CREATE INDEX sku_listing ON sku (listing_id)`);

    await runner.query(`
      CREATE TABLE stock_movement (
        id bigserial PRIMARY KEY,
        sku_id uuid NOT NULL REFERENCES sku (id),
        kind text NOT NULL CHECK (kind IN ('received', 'adjusted', 'reserved', 'released', 'sold', 'restocked')),
        quantity int NOT NULL CHECK (quantity <> 0 AND (kind = 'adjusted' OR quantity > 0)),
        order_id uuid,
        reason text,
        actor_id uuid,
        available_after int NOT NULL,
        reserved_after int NOT NULL,
        sold_after int NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX stock_movement_sku ON stock_movement (sku_id, id)`);

    await runner.query(`
      CREATE TABLE order_stock (
        order_id uuid PRIMARY KEY,
        seller_org_id uuid NOT NULL,
        buyer_id uuid,
        status text NOT NULL CHECK (status IN ('reserved', 'rejected', 'sold', 'released', 'restocked')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE reservation (
        order_id uuid NOT NULL REFERENCES order_stock (order_id),
        sku_id uuid NOT NULL REFERENCES sku (id),
        quantity int NOT NULL CHECK (quantity > 0),
        unit_price_fen int NOT NULL CHECK (unit_price_fen > 0),
        PRIMARY KEY (order_id, sku_id)
      )`);

    await runner.query(`CREATE SEQUENCE lot_certificate_seq`);
    await runner.query(`
      CREATE TABLE produce_lot (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        listing_id uuid NOT NULL REFERENCES listing (id),
        seller_org_id uuid NOT NULL REFERENCES seller (org_id),
        certificate_no text NOT NULL UNIQUE,
        trace_code text NOT NULL UNIQUE,
        product_name text NOT NULL,
        harvest_from date NOT NULL,
        harvest_to date NOT NULL,
        quantity numeric(12,3) NOT NULL CHECK (quantity > 0),
        unit text NOT NULL,
        grade text,
        origin_village_code char(12) NOT NULL,
        producer_name text NOT NULL,
        contact_phone text NOT NULL,
        pledge jsonb NOT NULL,
        test_results jsonb NOT NULL DEFAULT '[]',
        issue_date date NOT NULL,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT produce_lot_harvest_order CHECK (harvest_from <= harvest_to AND harvest_to <= issue_date)
      )`);
    await runner.query(`CREATE INDEX produce_lot_listing ON produce_lot (listing_id, created_at)`);
    await runner.query(`
      CREATE TABLE lot_scan (
        id bigserial PRIMARY KEY,
        lot_id uuid NOT NULL REFERENCES produce_lot (id),
        shipment_id uuid NOT NULL,
        order_id uuid NOT NULL,
        node_code text NOT NULL,
        node_name text NOT NULL,
        kind text NOT NULL,
        temperature_c numeric(5,2),
        at timestamptz NOT NULL,
        UNIQUE (lot_id, shipment_id, at, kind, node_code)
      )`);

    // Search. The text of a listing is normalised (NFKC folds full-width letters and digits, lower case, single
    // spaces) and keyed by its characters and character pairs, each folded into an int4 (two 16-bit halves).
    // A GIN index over the pair keys finds two-character Chinese words such as 脐橙, which pg_trgm cannot index
    // (a two-character pattern yields no trigram, so its GIN index reads everything); the exact substring test
    // (strpos) then confirms every candidate, so a folded key that collides costs a recheck, never a wrong result.
    // int4 keys rather than text keep the rows narrow: bitmap heap scans cost per page.
    await runner.query(`
      CREATE FUNCTION search_normalize(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN btrim(regexp_replace(lower(normalize(coalesce(t, ''), NFKC)), '\\s+', ' ', 'g'))`);
    await runner.query(`
      CREATE FUNCTION search_keys(t text) RETURNS int[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT coalesce(array_agg(DISTINCT k), '{}')
          FROM (SELECT array_agg(ascii(ch) & 65535) AS c FROM unnest(string_to_array(t, NULL)) ch) chars,
               LATERAL (SELECT x AS k FROM unnest(c) x WHERE x <> 32
                        UNION ALL
                        SELECT (a << 16) | b FROM unnest(c[1:cardinality(c) - 1], c[2:cardinality(c)]) AS pair (a, b)
                         WHERE a <> 32 AND b <> 32) keys
      $$`);
    // One row per listing the public may see (published, seller verified): a listing leaves every public view in
    // the same transaction that makes it invisible. Only what search filters and sorts on; a page of results takes
    // its titles and images from listing.
    await runner.query(`
      CREATE TABLE listing_search (
        listing_id uuid PRIMARY KEY REFERENCES listing (id),
        seller_org_id uuid NOT NULL,
        county_code char(6) NOT NULL,
        category_ids text[] NOT NULL,
        direction text NOT NULL,
        temperature_class text NOT NULL,
        certifications text[] NOT NULL,
        min_price_fen int NOT NULL,
        max_price_fen int NOT NULL,
        prices int[] NOT NULL,
        sales_count int NOT NULL DEFAULT 0,
        published_at timestamptz NOT NULL,
        title_norm text NOT NULL,
        search_text text NOT NULL,
        search_keys int[] NOT NULL
      ) WITH (parallel_workers = 0)`);
    // fastupdate off: a search never has to read a pending list that writes piled up
    await runner.query(
      `CREATE INDEX listing_search_keys ON listing_search USING gin (search_keys) WITH (fastupdate = off)`,
    );
    await runner.query(
      `CREATE INDEX listing_search_categories ON listing_search USING gin (category_ids) WITH (fastupdate = off)`,
    );
    await runner.query(
      `CREATE INDEX listing_search_certifications ON listing_search USING gin (certifications) WITH (fastupdate = off)`,
    );
    await runner.query(`CREATE INDEX listing_search_county ON listing_search (county_code, published_at DESC)`);
    await runner.query(`CREATE INDEX listing_search_seller ON listing_search (seller_org_id)`);
    await runner.query(`CREATE INDEX listing_search_newest ON listing_search (published_at DESC, listing_id DESC)`);
    await runner.query(`CREATE INDEX listing_search_price ON listing_search (min_price_fen, listing_id)`);
    await runner.query(`CREATE INDEX listing_search_sales ON listing_search (sales_count DESC, listing_id DESC)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of [
      'listing_search',
      'lot_scan',
      'produce_lot',
      'reservation',
      'order_stock',
      'stock_movement',
      'sku',
      'listing',
      'storefront',
      'category',
    ]) {
      await runner.query(`DROP TABLE ${table}`);
    }
    await runner.query(`DROP SEQUENCE lot_certificate_seq`);
    await runner.query(`DROP FUNCTION search_keys(text)`);
    await runner.query(`DROP FUNCTION search_normalize(text)`);
    await runner.query(`
      ALTER TABLE seller DROP COLUMN village_code, DROP COLUMN rating_count, DROP COLUMN rating_average`);
  }
}
