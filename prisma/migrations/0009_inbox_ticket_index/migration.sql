-- Route and push look items up by ticket (waiting items, holders to flag, the batch's
-- ranking); the unique (memberId, ticketId) index cannot serve those, so each was a scan.
CREATE INDEX "InboxItem_ticketId_idx" ON "InboxItem"("ticketId");
