-- Every version of a Demand or Ticket row is written to each index of its table: a demand gets
-- three versions (inserted, merged, routed), a ticket one per batch that grows, routes or pushes
-- it, none of them HOT (each changes an indexed column). Two indexes cost those writes and served
-- little:
-- * "Ticket_dedupKey_lastSeenAt_idx": no query reads tickets by "dedupKey" (the merge engine
--   finds same-issue tickets in memory); the column stays, as written.
-- * "Demand_needsReview_receivedAt_idx" held every demand, though only the review queue reads it
--   (needsReview = true, least confident first). The partial index holds only the demands
--   waiting for review, in the queue's order.
DROP INDEX IF EXISTS "Ticket_dedupKey_lastSeenAt_idx";
DROP INDEX IF EXISTS "Demand_needsReview_receivedAt_idx";
CREATE INDEX "Demand_review_idx" ON "Demand"("categoryConfidence", "receivedAt", id) WHERE "needsReview";
