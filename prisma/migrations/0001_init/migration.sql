-- Lianxin initial schema (mirrors prisma/schema.prisma; Prisma naming conventions).
CREATE TYPE "RawState" AS ENUM ('RECEIVED', 'ACCEPTED', 'QUARANTINED');
CREATE TYPE "DemandStage" AS ENUM ('CLASSIFY', 'MERGE', 'ROUTE', 'DONE');
CREATE TYPE "InboxState" AS ENUM ('NEW', 'READ', 'FOLLOWING', 'ADOPTED', 'DISMISSED');
CREATE TYPE "Role" AS ENUM ('MEMBER', 'ANALYST', 'ADMIN', 'CONNECTOR');
CREATE TYPE "OutboxState" AS ENUM ('PENDING', 'SENT', 'FAILED');

CREATE TABLE "RawRecord" (
    "id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "sourceRef" TEXT,
    "format" TEXT NOT NULL DEFAULT 'demand-v1',
    "channel" TEXT,
    "payload" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "state" "RawState" NOT NULL DEFAULT 'RECEIVED',
    "error" TEXT,
    "demandId" TEXT,
    CONSTRAINT "RawRecord_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "RawRecord_state_receivedAt_idx" ON "RawRecord"("state", "receivedAt");
CREATE INDEX "RawRecord_source_sourceRef_idx" ON "RawRecord"("source", "sourceRef");

CREATE TABLE "Ticket" (
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "category" TEXT,
    "district" TEXT,
    "street" TEXT,
    "community" TEXT,
    "status" TEXT NOT NULL DEFAULT 'OPEN',
    "statusRank" INTEGER NOT NULL DEFAULT 0,
    "statusAt" TIMESTAMP(3),
    "demandCount" INTEGER NOT NULL DEFAULT 0,
    "channels" TEXT[],
    "firstSeenAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,
    "heat" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "dedupKey" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "routedVersion" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Ticket_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "Ticket_dedupKey_lastSeenAt_idx" ON "Ticket"("dedupKey", "lastSeenAt");
CREATE INDEX "Ticket_lastSeenAt_idx" ON "Ticket"("lastSeenAt");

CREATE TABLE "Demand" (
    "id" TEXT NOT NULL,
    "rawRecordId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "sourceRef" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "title" TEXT,
    "content" TEXT NOT NULL,
    "reporterMasked" TEXT,
    "reporterHash" TEXT,
    "phoneMasked" TEXT,
    "phoneHash" TEXT,
    "idNumberHash" TEXT,
    "district" TEXT,
    "street" TEXT,
    "community" TEXT,
    "address" TEXT,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sourceCategory" TEXT,
    "category" TEXT,
    "categoryConfidence" DOUBLE PRECISION,
    "likes" INTEGER NOT NULL DEFAULT 0,
    "dislikes" INTEGER NOT NULL DEFAULT 0,
    "textHash" TEXT NOT NULL,
    "stage" "DemandStage" NOT NULL DEFAULT 'CLASSIFY',
    "ticketId" TEXT,
    "mergeReason" JSONB,
    CONSTRAINT "Demand_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "Demand_source_sourceRef_key" ON "Demand"("source", "sourceRef");
CREATE INDEX "Demand_stage_idx" ON "Demand"("stage");
CREATE INDEX "Demand_ticketId_idx" ON "Demand"("ticketId");
ALTER TABLE "Demand" ADD CONSTRAINT "Demand_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "Ticket"("id") ON DELETE SET NULL ON UPDATE CASCADE;

CREATE TABLE "Member" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "sector" TEXT NOT NULL,
    "committee" TEXT NOT NULL,
    "regions" TEXT[],
    "topics" TEXT[],
    "dailyLimit" INTEGER NOT NULL DEFAULT 20,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deactivatedAt" TIMESTAMP(3),
    CONSTRAINT "Member_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "memberId" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");
CREATE UNIQUE INDEX "User_memberId_key" ON "User"("memberId");
ALTER TABLE "User" ADD CONSTRAINT "User_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "Session_userId_idx" ON "Session"("userId");
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "ApiKey" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "keyHash" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'CONNECTOR',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),
    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "ApiKey_name_key" ON "ApiKey"("name");
CREATE UNIQUE INDEX "ApiKey_keyHash_key" ON "ApiKey"("keyHash");

CREATE TABLE "InboxItem" (
    "id" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "ticketId" TEXT NOT NULL,
    "state" "InboxState" NOT NULL DEFAULT 'NEW',
    "reason" TEXT NOT NULL,
    "pushedAt" TIMESTAMP(3),
    "seenVersion" INTEGER NOT NULL DEFAULT 0,
    "pushedVersion" INTEGER NOT NULL DEFAULT 0,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "InboxItem_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "InboxItem_memberId_ticketId_key" ON "InboxItem"("memberId", "ticketId");
CREATE INDEX "InboxItem_memberId_state_idx" ON "InboxItem"("memberId", "state");
ALTER TABLE "InboxItem" ADD CONSTRAINT "InboxItem_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "InboxItem" ADD CONSTRAINT "InboxItem_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "Ticket"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "InboxAction" (
    "id" TEXT NOT NULL,
    "inboxItemId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "kind" TEXT,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "InboxAction_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "InboxAction_inboxItemId_idx" ON "InboxAction"("inboxItemId");
ALTER TABLE "InboxAction" ADD CONSTRAINT "InboxAction_inboxItemId_fkey" FOREIGN KEY ("inboxItemId") REFERENCES "InboxItem"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "StatusEvent" (
    "id" TEXT NOT NULL,
    "ticketId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "rank" INTEGER NOT NULL,
    "origin" TEXT NOT NULL,
    "externalId" TEXT,
    "note" TEXT,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "StatusEvent_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "StatusEvent_origin_externalId_key" ON "StatusEvent"("origin", "externalId");
CREATE INDEX "StatusEvent_ticketId_occurredAt_idx" ON "StatusEvent"("ticketId", "occurredAt");
ALTER TABLE "StatusEvent" ADD CONSTRAINT "StatusEvent_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "Ticket"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "Outbox" (
    "id" TEXT NOT NULL,
    "eventType" TEXT NOT NULL,
    "aggregateId" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "state" "OutboxState" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),
    CONSTRAINT "Outbox_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "Outbox_idempotencyKey_key" ON "Outbox"("idempotencyKey");
CREATE INDEX "Outbox_state_nextAttemptAt_idx" ON "Outbox"("state", "nextAttemptAt");
CREATE INDEX "Outbox_aggregateId_createdAt_idx" ON "Outbox"("aggregateId", "createdAt");

CREATE TABLE "ConnectorState" (
    "name" TEXT NOT NULL,
    "cursor" JSONB,
    "lastSuccessAt" TIMESTAMP(3),
    "lastError" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "ConnectorState_pkey" PRIMARY KEY ("name")
);

CREATE TABLE "Setting" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
);

CREATE TABLE "AuditLog" (
    "id" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "reason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "AuditLog_entity_entityId_idx" ON "AuditLog"("entity", "entityId");
