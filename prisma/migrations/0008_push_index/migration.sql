-- Push: each member's items pushed today are counted for the daily limit.
CREATE INDEX "InboxItem_memberId_pushedAt_idx" ON "InboxItem"("memberId", "pushedAt");
