-- Records and demands are looked up by state or stage only while they are in flight (start-up
-- re-drive, the sweep, merge coalescing, the quarantine list); finished ones were indexed too,
-- and every stage change of a demand added an entry. The partial indexes hold only the rows
-- still in flight, so they stay small whatever the table's size, and the last write of a record
-- (ACCEPTED) and of a demand (DONE) adds no entry to them.
DROP INDEX IF EXISTS "Demand_stage_idx";
CREATE INDEX "Demand_in_flight_idx" ON "Demand"(stage, id) WHERE stage <> 'DONE';
DROP INDEX IF EXISTS "RawRecord_state_receivedAt_idx";
CREATE INDEX "RawRecord_open_idx" ON "RawRecord"(state, "receivedAt") WHERE state <> 'ACCEPTED';
