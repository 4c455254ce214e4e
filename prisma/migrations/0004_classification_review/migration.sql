-- Second/third-level categories, calibrated confidence review queue, source-category crosswalk.
ALTER TABLE "Demand" ADD COLUMN "category2" TEXT;
ALTER TABLE "Demand" ADD COLUMN "category3" TEXT;
ALTER TABLE "Demand" ADD COLUMN "subcategoryConfidence" DOUBLE PRECISION;
ALTER TABLE "Demand" ADD COLUMN "classifierVersion" TEXT;
ALTER TABLE "Demand" ADD COLUMN "needsReview" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Demand" ADD COLUMN "reviewedAt" TIMESTAMP(3);
ALTER TABLE "Demand" ADD COLUMN "reviewedBy" TEXT;
ALTER TABLE "Demand" ADD COLUMN "sourceCategoryMapped" TEXT;
CREATE INDEX "Demand_needsReview_receivedAt_idx" ON "Demand"("needsReview", "receivedAt");
