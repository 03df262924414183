// Constraints and indexes of the Ecosystem graph in Neo4j (5.19 or later, or Aura).
// Applied by `seed schema --target neo4j`; every statement is idempotent (IF NOT EXISTS, or a backfill of what is
// missing), so re-running changes nothing.
// Every node carries the label of its kind and the label Node; `id` is its stable id ("firm:...", "park:...").

// One node per id, whatever its kind, and per kind.
CREATE CONSTRAINT node_id IF NOT EXISTS FOR (n:Node) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT firm_id IF NOT EXISTS FOR (n:Firm) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT park_id IF NOT EXISTS FOR (n:Park) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT province_id IF NOT EXISTS FOR (n:Province) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT region_id IF NOT EXISTS FOR (n:Region) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT corridor_id IF NOT EXISTS FOR (n:Corridor) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT sector_id IF NOT EXISTS FOR (n:Sector) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT alliance_id IF NOT EXISTS FOR (n:Alliance) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT source_id IF NOT EXISTS FOR (n:Source) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT product_id IF NOT EXISTS FOR (n:Product) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT process_id IF NOT EXISTS FOR (n:Process) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT certification_standard_id IF NOT EXISTS FOR (n:CertificationStandard) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT sourcing_request_id IF NOT EXISTS FOR (n:SourcingRequest) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT ward_id IF NOT EXISTS FOR (n:Ward) REQUIRE n.id IS UNIQUE;

// One supply link per (supplier, buyer, sector, product): its id says so ("supply:a>b/26100/bo-mach").
CREATE CONSTRAINT supplies_id IF NOT EXISTS FOR ()-[r:SUPPLIES]-() REQUIRE r.id IS UNIQUE;

// The graph's version, one node, bumped by every change set in the same transaction.
CREATE CONSTRAINT graph_meta_key IF NOT EXISTS FOR (m:GraphMeta) REQUIRE m.key IS UNIQUE;

// Lookups the API makes: by tax code (MST), by place and kind, by code, by name.
CREATE INDEX firm_tax_code IF NOT EXISTS FOR (n:Firm) ON (n.taxCode);
// Identifiers besides the tax code, as one text of keys between spaces ("firm(identifier:)" is a CONTAINS on it).
CREATE TEXT INDEX firm_identifiers IF NOT EXISTS FOR (n:Firm) ON (n.identifierText);
CREATE INDEX firm_country IF NOT EXISTS FOR (n:Firm) ON (n.country);
CREATE INDEX firm_province IF NOT EXISTS FOR (n:Firm) ON (n.provinceId);
CREATE INDEX firm_park IF NOT EXISTS FOR (n:Firm) ON (n.parkId);
CREATE INDEX park_province IF NOT EXISTS FOR (n:Park) ON (n.provinceId);
// A province filter matches the recorded province or the former province a firm or park is placed in (an OR of two seeks).
CREATE INDEX firm_former_province_sort_key IF NOT EXISTS FOR (n:Firm) ON (n.formerProvinceId, n.sortKey);
CREATE INDEX park_former_province IF NOT EXISTS FOR (n:Park) ON (n.formerProvinceId);
CREATE INDEX firm_ward IF NOT EXISTS FOR (n:Firm) ON (n.wardId);
CREATE INDEX firm_placement IF NOT EXISTS FOR (n:Firm) ON (n.placementMethod);
CREATE INDEX ward_province IF NOT EXISTS FOR (n:Ward) ON (n.provinceId);
CREATE INDEX ward_code IF NOT EXISTS FOR (n:Ward) ON (n.code);
CREATE INDEX park_kind IF NOT EXISTS FOR (n:Park) ON (n.parkKind);
CREATE INDEX province_code IF NOT EXISTS FOR (n:Province) ON (n.code);
CREATE INDEX region_code IF NOT EXISTS FOR (n:Region) ON (n.code);
CREATE INDEX sector_code IF NOT EXISTS FOR (n:Sector) ON (n.code);
CREATE INDEX product_code IF NOT EXISTS FOR (n:Product) ON (n.code);
CREATE INDEX node_folded IF NOT EXISTS FOR (n:Node) ON (n.folded);

// Listings page in name order (sortKey: the folded name, a separator, the name) with keyset cursors: the order and the
// cursor's seek come from an index, alone or after the filter that narrows most. A role is a property of its own
// (isLeadFirm, ...: a list cannot be indexed); a sector or an alliance is reached through its relationship.
CREATE INDEX firm_sort_key IF NOT EXISTS FOR (n:Firm) ON (n.sortKey);
CREATE INDEX park_sort_key IF NOT EXISTS FOR (n:Park) ON (n.sortKey);
CREATE INDEX province_sort_key IF NOT EXISTS FOR (n:Province) ON (n.sortKey);
CREATE INDEX sector_sort_key IF NOT EXISTS FOR (n:Sector) ON (n.sortKey);
CREATE INDEX firm_province_sort_key IF NOT EXISTS FOR (n:Firm) ON (n.provinceId, n.sortKey);
CREATE INDEX firm_park_sort_key IF NOT EXISTS FOR (n:Firm) ON (n.parkId, n.sortKey);
CREATE INDEX firm_country_sort_key IF NOT EXISTS FOR (n:Firm) ON (n.country, n.sortKey);
CREATE INDEX firm_ownership_sort_key IF NOT EXISTS FOR (n:Firm) ON (n.ownership, n.sortKey);
CREATE INDEX firm_lead IF NOT EXISTS FOR (n:Firm) ON (n.isLeadFirm);
CREATE INDEX firm_supporting IF NOT EXISTS FOR (n:Firm) ON (n.isSupportingIndustry);
CREATE INDEX firm_park_developer IF NOT EXISTS FOR (n:Firm) ON (n.isParkDeveloper);
CREATE INDEX firm_logistics IF NOT EXISTS FOR (n:Firm) ON (n.isLogistics);
CREATE INDEX park_province_sort_key IF NOT EXISTS FOR (n:Park) ON (n.provinceId, n.sortKey);
CREATE INDEX park_kind_sort_key IF NOT EXISTS FOR (n:Park) ON (n.parkKind, n.sortKey);
CREATE INDEX park_status IF NOT EXISTS FOR (n:Park) ON (n.status);

// Nodes written before the sort key and the role properties existed get them (in batches; nothing when none lacks them).
MATCH (n:Node) WHERE n.sortKey IS NULL
CALL { WITH n SET n.sortKey = n.folded + '\u0001' + n.name,
  n.isLeadFirm = CASE WHEN 'LeadFirm' IN coalesce(n.roles, []) THEN true END,
  n.isSupportingIndustry = CASE WHEN 'SupportingIndustry' IN coalesce(n.roles, []) THEN true END,
  n.isParkDeveloper = CASE WHEN 'ParkDeveloper' IN coalesce(n.roles, []) THEN true END,
  n.isLogistics = CASE WHEN 'Logistics' IN coalesce(n.roles, []) THEN true END } IN TRANSACTIONS OF 10000 ROWS;
CREATE INDEX supplies_dates IF NOT EXISTS FOR ()-[r:SUPPLIES]-() ON (r.since, r.until);

// Folded names, codes, tax codes, English names and acronyms (diacritics removed, đ to d) for search: "dinh vu" finds "Đình Vũ".
CREATE FULLTEXT INDEX node_search IF NOT EXISTS FOR (n:Node) ON EACH [n.searchText] OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace'}};

// The audit log: an entry per change set given with who and why (numbered by the graph version it made), and its
// changes, each with the node ids it touches.
CREATE CONSTRAINT audit_entry_version IF NOT EXISTS FOR (e:AuditEntry) REQUIRE e.version IS UNIQUE;
CREATE INDEX audit_change_version IF NOT EXISTS FOR (c:AuditChange) ON (c.version, c.seq);
