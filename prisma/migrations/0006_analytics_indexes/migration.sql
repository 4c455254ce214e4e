-- Analytics: volumes and burst cells read demands by time.
CREATE INDEX "Demand_occurredAt_idx" ON "Demand"("occurredAt");
