-- Category corrections by members, analysts and admins; used by the next training.
CREATE TABLE "CategoryCorrection" (
    "id" TEXT NOT NULL,
    "demandId" TEXT NOT NULL,
    "fromCategory" TEXT,
    "toCategory" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "reason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CategoryCorrection_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "CategoryCorrection_demandId_createdAt_idx" ON "CategoryCorrection"("demandId", "createdAt");
ALTER TABLE "CategoryCorrection" ADD CONSTRAINT "CategoryCorrection_demandId_fkey" FOREIGN KEY ("demandId") REFERENCES "Demand"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
