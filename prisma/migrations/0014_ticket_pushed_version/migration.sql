-- The re-drive (at start and in the 5-minute sweep) found tickets to push again by joining every
-- inbox item ever created with its ticket, and queued a push for every ticket with an item still
-- waiting — including items that only wait for the scheduled batch or for a member's daily limit,
-- every five minutes. A ticket now records the routed version its push stage last completed
-- ("pushedVersion"); the re-drive reads the tickets short of it, and the tickets short of being
-- routed, through partial indexes that hold only those rows, whatever the tables' size.
ALTER TABLE "Ticket" ADD COLUMN "pushedVersion" INTEGER NOT NULL DEFAULT 0;
-- done already: no delivered item behind the ticket's version, no item waiting (an existing
-- waiting item may have lost its push; those tickets are pushed once more after the upgrade)
UPDATE "Ticket" AS t SET "pushedVersion" = t."routedVersion"
WHERE NOT EXISTS (
  SELECT 1 FROM "InboxItem" AS i
  WHERE i."ticketId" = t.id AND (i."pushedAt" IS NULL OR i."pushedVersion" < t.version)
);
CREATE INDEX "Ticket_unrouted_idx" ON "Ticket"(id) WHERE version > "routedVersion";
CREATE INDEX "Ticket_unpushed_idx" ON "Ticket"(id) WHERE "routedVersion" > "pushedVersion";
