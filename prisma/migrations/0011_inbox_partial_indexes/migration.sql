-- Routing writes ~20 inbox items per demand, and most of them wait (unpushed) for the scheduled
-- batch; the insert was about half of PostgreSQL's statement time in the bench. Every index is
-- paid per item, so each index now covers only the items its queries read:
--  * the unique (ticketId, memberId) keeps routing idempotent and also serves every per-ticket
--    read (it replaces (memberId, ticketId) and (ticketId, pushedAt));
--  * (memberId, pushedAt) only for delivered items: every member query (inbox, daily limit,
--    digest) reads delivered items only;
--  * waiting items by ticket for the push stage and the scheduled batch.
-- Measured on PostgreSQL 15, 99,000 items in batches of 660 (20 tickets × 33 members): insert
-- 32–37 → 24–25 µs per item.
CREATE UNIQUE INDEX "InboxItem_ticketId_memberId_key" ON "InboxItem"("ticketId", "memberId");
DROP INDEX IF EXISTS "InboxItem_memberId_ticketId_key";
DROP INDEX IF EXISTS "InboxItem_ticketId_pushedAt_idx";
DROP INDEX IF EXISTS "InboxItem_memberId_pushedAt_idx";
CREATE INDEX "InboxItem_memberId_pushedAt_idx" ON "InboxItem"("memberId", "pushedAt") WHERE "pushedAt" IS NOT NULL;
CREATE INDEX "InboxItem_waiting_idx" ON "InboxItem"("ticketId") WHERE "pushedAt" IS NULL;
