-- Same-issue merging: the merge log every process replays, and supervisors' split exclusions.
CREATE TABLE "MergeEvent" (
    "seq" BIGSERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "ticketId" TEXT NOT NULL,
    "demandId" TEXT,
    "signature" BYTEA,
    "titleSignature" BYTEA,
    "data" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "MergeEvent_pkey" PRIMARY KEY ("seq")
);
CREATE INDEX "MergeEvent_ticketId_idx" ON "MergeEvent"("ticketId");

CREATE TABLE "MergeExclusion" (
    "demandId" TEXT NOT NULL,
    "ticketId" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "MergeExclusion_pkey" PRIMARY KEY ("demandId","ticketId")
);
