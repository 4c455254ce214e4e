-- Route and push ask, for every batch, whether the rule set or the active members changed since
-- this process last read them. The question was a digest (md5) of every active member's routing
-- fields, computed by the database: a read of the whole Member table per batch, growing with the
-- members (~0.5 ms of PostgreSQL and ~3.5 ms of PGlite per batch with 200 members). A counter
-- bumped by triggers in the changing transaction answers it with a one-row read instead.
CREATE TABLE "RoutingEpoch" (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  n BIGINT NOT NULL
);
INSERT INTO "RoutingEpoch" (id, n) VALUES (1, 0);

CREATE FUNCTION lianxin_routing_epoch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "RoutingEpoch" SET n = n + 1 WHERE id = 1;
  RETURN NULL;
END
$$;

-- a member's routing fields (what a route matches on) or whether they are active
CREATE TRIGGER "Member_routing_epoch"
  AFTER INSERT OR DELETE OR UPDATE OF id, sector, committee, regions, topics, active ON "Member"
  FOR EACH STATEMENT EXECUTE FUNCTION lianxin_routing_epoch();
CREATE TRIGGER "Member_routing_epoch_truncate"
  AFTER TRUNCATE ON "Member"
  FOR EACH STATEMENT EXECUTE FUNCTION lianxin_routing_epoch();
CREATE TRIGGER "RoutingRuleSet_routing_epoch"
  AFTER INSERT OR DELETE OR UPDATE ON "RoutingRuleSet"
  FOR EACH STATEMENT EXECUTE FUNCTION lianxin_routing_epoch();
CREATE TRIGGER "RoutingRuleSet_routing_epoch_truncate"
  AFTER TRUNCATE ON "RoutingRuleSet"
  FOR EACH STATEMENT EXECUTE FUNCTION lianxin_routing_epoch();
