-- Route and push look items up by ticket: waiting items (pushedAt IS NULL), holders to flag
-- (pushedAt IS NOT NULL), the batch's ranking. The unique (memberId, ticketId) index cannot
-- serve those, so each was a scan of the whole table (or of the memberId/pushedAt index).
CREATE INDEX "InboxItem_ticketId_pushedAt_idx" ON "InboxItem"("ticketId", "pushedAt");
