-- Inbox items are created when they are delivered (the push stage), no longer when a ticket is
-- routed. Routing used to insert an item for every member the rules matched (about 20 per
-- demand in the benchmark), and all but the hot ones then waited, unseen, for the scheduled
-- batch or for a daily limit — most of them for good. Route now marks the ticket instead:
-- "deliveryPending" says some member the rules match may not hold it yet. Push works out the
-- recipients under the rules in force then, inserts the items each daily limit allows, and
-- clears the mark once every recipient holds one.
ALTER TABLE "Ticket" ADD COLUMN "deliveryPending" BOOLEAN NOT NULL DEFAULT false;
-- The 反弹 note of the latest rebound, for the items of members who receive the ticket after it.
ALTER TABLE "Ticket" ADD COLUMN "reboundNote" TEXT;

-- Items waiting from before become pending tickets; their rows go (a member never saw them:
-- every member-facing read and action requires "pushedAt").
UPDATE "Ticket" SET "deliveryPending" = true WHERE id IN (SELECT "ticketId" FROM "InboxItem" WHERE "pushedAt" IS NULL);
DELETE FROM "InboxItem" WHERE "pushedAt" IS NULL;
DROP INDEX IF EXISTS "InboxItem_waiting_idx";

-- the scheduled batch reads the pending tickets alone
CREATE INDEX "Ticket_delivery_pending_idx" ON "Ticket"(id) WHERE "deliveryPending";
