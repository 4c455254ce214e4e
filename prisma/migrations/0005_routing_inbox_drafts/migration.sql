-- Routing rules (versioned), inbox explanations, rebound (反弹), drafts with lineage, notifications.
ALTER TABLE "Ticket" ADD COLUMN "reboundAt" TIMESTAMP(3);
ALTER TABLE "Ticket" ADD COLUMN "reboundCount" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "InboxItem" ADD COLUMN "matchedRules" JSONB;
ALTER TABLE "InboxItem" ADD COLUMN "ruleSetVersion" INTEGER;
ALTER TABLE "InboxItem" ADD COLUMN "updateNote" TEXT;
ALTER TABLE "InboxItem" ADD COLUMN "rebound" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "InboxItem" ADD COLUMN "hot" BOOLEAN NOT NULL DEFAULT false;

CREATE TABLE "RoutingRuleSet" (
    "id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "rules" JSONB NOT NULL,
    "note" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RoutingRuleSet_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "RoutingRuleSet_version_key" ON "RoutingRuleSet"("version");

CREATE TABLE "Draft" (
    "id" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "inboxItemId" TEXT,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'DRAFT',
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "evidence" JSONB NOT NULL,
    "submittedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Draft_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "Draft_memberId_createdAt_idx" ON "Draft"("memberId", "createdAt");
ALTER TABLE "Draft" ADD CONSTRAINT "Draft_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "DraftTicket" (
    "draftId" TEXT NOT NULL,
    "ticketId" TEXT NOT NULL,
    CONSTRAINT "DraftTicket_pkey" PRIMARY KEY ("draftId", "ticketId")
);
CREATE INDEX "DraftTicket_ticketId_idx" ON "DraftTicket"("ticketId");
ALTER TABLE "DraftTicket" ADD CONSTRAINT "DraftTicket_draftId_fkey" FOREIGN KEY ("draftId") REFERENCES "Draft"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "DraftTicket" ADD CONSTRAINT "DraftTicket_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "Ticket"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "Notification" (
    "id" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "ticketId" TEXT,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "dedupKey" TEXT NOT NULL,
    "readAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "Notification_dedupKey_key" ON "Notification"("dedupKey");
CREATE INDEX "Notification_memberId_createdAt_idx" ON "Notification"("memberId", "createdAt");
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
